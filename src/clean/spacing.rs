//! Stage `spacing`: one space between a Han character and an adjacent Latin letter or digit,
//! as pangu, AutoCorrect and the Chinese copywriting guidelines do; letter-spaced Han
//! (`中 文 文 本`, an extraction artifact) is joined. Spaces already between two Han
//! characters are kept otherwise (`张三 李四`), and URLs, e-mail addresses and paths are
//! left as they are.

use crate::align::Editor;
use crate::clean::protect;
use crate::script::{Class, Script, class};

/// A character and its position, with combining marks counted as their base.
#[derive(Clone, Copy)]
struct Ch {
    pos: usize,
    class: Class,
}

fn is_latin_side(c: Class) -> bool {
    matches!(c, Class::Letter(Script::Latin) | Class::Digit)
}

pub(crate) fn run(ed: &mut Editor) {
    let text = ed.input();
    // Without a Han character there is nothing to space or join.
    if text.is_ascii() {
        return;
    }
    let protected = protect::find(text);
    let mut line: Vec<Ch> = Vec::new();
    let mut ops: Vec<(usize, bool)> = Vec::new(); // (position, true = insert a space / false = delete the space there)
    let mut start = 0;
    for seg in text.split('\n') {
        line.clear();
        let mut base = Class::Space;
        for (i, c) in seg.char_indices() {
            let cl = class(c);
            if cl != Class::Mark {
                base = cl;
            }
            line.push(Ch {
                pos: start + i,
                class: base,
            });
        }
        // A percent or per-mille sign after a number spaces like the number: `15% 左右`.
        for k in 1..line.len() {
            if line[k - 1].class == Class::Digit
                && matches!(seg[line[k].pos - start..].chars().next(), Some('%' | '‰'))
            {
                line[k].class = Class::Digit;
            }
        }
        if line.iter().any(|c| c.class == Class::Han) {
            ops.clear();
            letter_spaced(&line, &mut ops);
            around_cjk_punct(&line, &mut ops);
            // Japanese does not space kanji from Latin text.
            if !line.iter().any(|c| c.class == Class::Kana) {
                han_latin(&line, &protected, &mut ops);
            }
            ops.sort_unstable();
            ops.dedup();
            for &(pos, insert) in &ops {
                if insert {
                    ed.insert(pos, " ");
                } else {
                    ed.delete(pos..pos + 1);
                }
            }
        }
        start += seg.len() + 1;
    }
}

/// A lone Han character or CJK punctuation mark: not touching a Han character.
fn single_han(line: &[Ch], k: usize) -> bool {
    let is = |j: Option<usize>, f: fn(Class) -> bool| {
        j.and_then(|j| line.get(j)).is_some_and(|c| f(c.class))
    };
    let han = |c: Class| c == Class::Han;
    is(Some(k), |c| matches!(c, Class::Han | Class::CjkPunct))
        && !is(k.checked_sub(1), han)
        && !is(Some(k + 1), han)
}

/// Full-width punctuation carries its own spacing: a space between it and Han text or
/// another full-width mark goes (`关键环节 。` → `关键环节。`), as the copywriting
/// guidelines ask.
fn around_cjk_punct(line: &[Ch], ops: &mut Vec<(usize, bool)>) {
    for w in line.windows(3) {
        let (a, b, c) = (w[0].class, w[1].class, w[2].class);
        let cjk = |x: Class| matches!(x, Class::Han | Class::Kana | Class::CjkPunct);
        if b == Class::Space && cjk(a) && cjk(c) && (a == Class::CjkPunct || c == Class::CjkPunct) {
            ops.push((w[1].pos, false));
        }
    }
}

/// Three or more single Han characters, each separated by exactly one space, are joined.
fn letter_spaced(line: &[Ch], ops: &mut Vec<(usize, bool)>) {
    let is_space = |j: usize| line.get(j).is_some_and(|c| c.class == Class::Space);
    let mut k = 0;
    while k < line.len() {
        if !single_han(line, k) {
            k += 1;
            continue;
        }
        let mut end = k;
        while is_space(end + 1) && single_han(line, end + 2) {
            end += 2;
        }
        if (end - k) / 2 + 1 >= 3 {
            ops.extend((k + 1..end).step_by(2).map(|j| (line[j].pos, false)));
        }
        k = end + 1;
    }
}

fn han_latin(line: &[Ch], protected: &[std::ops::Range<usize>], ops: &mut Vec<(usize, bool)>) {
    for w in line.windows(2) {
        let (a, b) = (w[0].class, w[1].class);
        let boundary =
            (a == Class::Han && is_latin_side(b)) || (is_latin_side(a) && b == Class::Han);
        if boundary && !protect::is_inside(protected, w[1].pos) {
            ops.push((w[1].pos, true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn space(s: &str) -> String {
        let mut ed = Editor::new(s);
        run(&mut ed);
        ed.finish().map(|(s, _)| s).unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn han_latin_and_digits() {
        assert_eq!(space("用Kubernetes部署"), "用 Kubernetes 部署");
        assert_eq!(space("it更像是"), "it 更像是");
        assert_eq!(space("3.5亿"), "3.5 亿");
        assert_eq!(space("$300亿"), "$300 亿");
        assert_eq!(space("用 Kubernetes 部署"), "用 Kubernetes 部署");
        assert_eq!(space("café咖啡"), "café 咖啡");
        assert_eq!(space("利用率15%左右"), "利用率 15% 左右");
        assert_eq!(space("百分之%左右"), "百分之%左右");
    }

    #[test]
    fn leaves_protected_tokens() {
        assert_eq!(
            space("访问https://example.com了解"),
            "访问 https://example.com 了解"
        );
        assert_eq!(
            space("见https://zh.wikipedia.org/wiki/北京2024"),
            "见 https://zh.wikipedia.org/wiki/北京2024"
        );
        assert_eq!(space("使用%s格式"), "使用%s 格式");
    }

    #[test]
    fn han_spaces_kept_but_letter_spacing_joined() {
        assert_eq!(space("评级 上调"), "评级 上调");
        assert_eq!(space("张三 李四"), "张三 李四");
        assert_eq!(space("中 文 文 本"), "中文文本");
        assert_eq!(space("中 文"), "中 文");
        assert_eq!(space("标题：中 文 文 本。"), "标题：中文文本。");
        assert_eq!(
            space("关键环节 。 文 献 [3] 指 出 ，"),
            "关键环节。文献 [3] 指出，"
        );
        assert_eq!(space("使用 （数据库） 来"), "使用（数据库）来");
        assert_eq!(space("１秒あたり5万"), "１秒あたり5万");
    }
}
