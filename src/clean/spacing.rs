//! Stage `spacing`: one space between a Han character and an adjacent Latin letter or digit,
//! as pangu, AutoCorrect and the Chinese copywriting guidelines do; letter-spaced Han
//! (`中 文 文 本`, an extraction artifact) is joined. Spaces already between two Han
//! characters are kept otherwise (`张三 李四`), and URLs, e-mail addresses and paths are
//! left as they are.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::LazyLock;

use crate::align::Editor;
use crate::clean::{code, protect};
use crate::script::{
    Class, Script, ascii_class, class, ideograph_at, is_han, quick_class, skip_ascii,
};

/// A character and its position, with combining marks counted as their base.
#[derive(Clone, Copy)]
struct Ch {
    pos: usize,
    class: Class,
}

fn is_latin_side(c: Class) -> bool {
    matches!(c, Class::Letter(Script::Latin) | Class::Digit)
}

/// Buffers reused between calls: the characters of a line and the edits found in it.
#[derive(Default)]
struct Scratch {
    line: Vec<Ch>,
    ops: Vec<(usize, bool)>, // (position, true = insert a space / false = delete the space there)
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// The stage, given the fenced code blocks of the text ([`code::blocks`]).
pub(crate) fn run(ed: &mut Editor, code: &[Range<usize>]) {
    let text = ed.input();
    // Without a Han character there is nothing to space or join.
    if text.is_ascii() {
        return;
    }
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        let Scratch { line, ops } = &mut *s;
        // Computed on the first Han/Latin boundary: most lines have none.
        let mut protected: Option<Vec<Range<usize>>> = None;
        let mut start = 0;
        for seg in text.split('\n') {
            if !may_match(seg) || (!code.is_empty() && code::covers(code, start)) {
                start += seg.len() + 1;
                continue;
            }
            let found = classify(seg, start, line);
            if found.han {
                ops.clear();
                if found.cjk_space {
                    letter_spaced(line, ops);
                    around_cjk_punct(line, text, ops);
                }
                // Japanese does not space kanji from Latin text; a Chinese line quoting
                // Japanese does.
                if !found.kana || crate::script::chinese_with_kana(seg) {
                    han_latin(line, text, &mut protected, ops);
                }
                ops.sort_unstable();
                ops.dedup();
                for &(pos, insert) in ops.iter() {
                    // Inline code keeps its spaces (`` `中 文 文` ``).
                    if !insert
                        && protect::covers(
                            protected.get_or_insert_with(|| protect::find(text)),
                            pos,
                        )
                    {
                        continue;
                    }
                    if insert {
                        ed.insert(pos, " ");
                    } else {
                        // The whole space character (only ASCII spaces are left when the
                        // `characters` stage ran).
                        let len = text[pos..].chars().next().map_or(1, char::len_utf8);
                        ed.delete(pos..pos + len);
                    }
                }
            }
            start += seg.len() + 1;
        }
        let bytes = line.capacity() * size_of::<Ch>() + ops.capacity() * size_of::<(usize, bool)>();
        if bytes > crate::span::HUGE_SCRATCH {
            *s = Scratch::default();
        }
    });
}

/// Whether any rule can match on the line `seg`: every rule needs a Han character, and a
/// space, a Latin letter or a digit (marks only take the class of their base, and a percent
/// sign is a digit only after one).
fn may_match(seg: &str) -> bool {
    let b = seg.as_bytes();
    let (mut han, mut other) = (false, false);
    let mut i = 0;
    while let Some(&x) = b.get(i) {
        if x < 0x80 {
            if other {
                // Only a Han character is still missing: ASCII is skipped 8 bytes at a time.
                i = skip_ascii(b, i + 1);
                continue;
            }
            other = matches!(
                ascii_class(x),
                Class::Space | Class::Letter(_) | Class::Digit
            );
            i += 1;
        } else if ideograph_at(b, i) {
            while ideograph_at(b, i) {
                i += 3;
            }
            han = true;
        } else if let Some(cl) = quick_class(b, i) {
            match cl {
                Class::Han => han = true,
                Class::Space | Class::Letter(Script::Latin) | Class::Digit => other = true,
                _ => {}
            }
            i += 3;
        } else {
            let Some(c) = seg[i..].chars().next() else {
                break;
            };
            match class(c) {
                Class::Han => han = true,
                Class::Space | Class::Letter(Script::Latin) | Class::Digit => other = true,
                _ => {}
            }
            i += c.len_utf8();
        }
        if han && other {
            return true;
        }
    }
    false
}

/// The characters of the line `seg` (which starts at byte `start`) that the rules can see,
/// with their classes: combining marks take the class of their base, and a percent,
/// per-mille or degree sign after a number spaces like the number (`15% 左右`, `25℃ 以下`).
///
/// Every rule looks at a Han, kana or CJK punctuation character and at most its neighbours
/// and theirs, so the middle of a long ASCII run, or of a long run of ideographs, is left
/// out: two characters are kept at each end of it, which leaves every window the rules can
/// match as it was.
fn classify(seg: &str, start: usize, line: &mut Vec<Ch>) -> Found {
    line.clear();
    let b = seg.as_bytes();
    let (mut has_han, mut has_kana, mut cjk_space) = (false, false, false);
    let is_cjk = |c: Option<Class>| matches!(c, Some(Class::Han | Class::Kana | Class::CjkPunct));
    // The class of the last non-mark character, and the adjusted class of the last one.
    let mut base = Class::Space;
    let mut prev = None;
    let mut i = 0;
    while i < b.len() {
        if b[i] < 0x80 {
            let j = skip_ascii(b, i + 1);
            let mut push = |k: usize, prev: &mut Option<Class>| {
                let cl = if b[k] == b'$' && b.get(k + 1).is_some_and(u8::is_ascii_digit) {
                    Class::Digit
                } else if b[k] == b'\t' {
                    // A tab separates columns: no rule spaces or joins across it.
                    Class::Punct
                } else {
                    suffix_class(b, k, *prev)
                };
                cjk_space |= cl == Class::Space && is_cjk(*prev);
                line.push(Ch {
                    pos: start + k,
                    class: cl,
                });
                *prev = Some(cl);
            };
            if j - i <= 4 {
                for k in i..j {
                    push(k, &mut prev);
                }
            } else {
                push(i, &mut prev);
                push(i + 1, &mut prev);
                // The adjusted class of `j - 3`, the character before the kept tail: a run
                // of suffix signs takes it from the character before the run.
                let mut q = j - 3;
                while q > i + 1 && matches!(b[q], b'%' | b'+') {
                    q -= 1;
                }
                let mut at = if q == i + 1 {
                    prev
                } else {
                    Some(suffix_class(b, q, None))
                };
                for k in q + 1..j - 2 {
                    at = Some(suffix_class(b, k, at));
                }
                prev = at;
                push(j - 2, &mut prev);
                push(j - 1, &mut prev);
            }
            base = ascii_class(b[j - 1]);
            i = j;
            continue;
        }
        // A run of ideographs and the marks of Chinese text, read from their bytes: like a
        // long ASCII run, only two characters at each end of it are kept (inside it, every
        // character is Han or a mark between such, which no rule looks at: each needs a
        // space, a Latin letter or a digit).
        if let Some(first) = prose_class(b, i) {
            let mut han = first == Class::Han;
            let mut j = i + 3;
            while let Some(cl) = prose_class(b, j) {
                han |= cl == Class::Han;
                j += 3;
            }
            let n = (j - i) / 3;
            let kept = (0..n.min(2)).chain(n.max(4) - 2..n);
            line.extend(kept.map(|k| Ch {
                pos: start + i + 3 * k,
                class: prose_class(b, i + 3 * k).unwrap_or(Class::Han),
            }));
            base = line.last().map_or(first, |c| c.class);
            prev = Some(base);
            has_han |= han;
            i = j;
            continue;
        }
        // Most characters are classed from their bytes; `‰` and `＋` need their own rule.
        let own_rule = |t: &[u8]| t.starts_with("‰".as_bytes()) || t.starts_with("＋".as_bytes());
        let quick = quick_class(b, i).filter(|_| !own_rule(&b[i..]));
        let (raw, c, len) = match quick {
            Some(raw) => (raw, None, 3),
            // A circled or bracketed number or letter is a list's marker, spaced as a mark
            // (`①打开设置`), as pangu does.
            None => match seg[i..].chars().next() {
                Some(c) if enclosed(c) => (Class::Punct, Some(c), c.len_utf8()),
                Some(c) => (class(c), Some(c), c.len_utf8()),
                None => break,
            },
        };
        if raw != Class::Mark {
            base = raw;
        }
        // A keycap (`1️⃣`: a digit, the emoji selector, U+20E3) is an emoji, spaced as a
        // list's marker is, not a digit.
        if c == Some('\u{20E3}') {
            let key = b[..i]
                .strip_suffix("\u{FE0F}".as_bytes())
                .unwrap_or(&b[..i]);
            if let Some(k) = key
                .len()
                .checked_sub(1)
                .filter(|&k| matches!(key[k], b'0'..=b'9' | b'#' | b'*'))
            {
                for ch in line.iter_mut().rev().take_while(|ch| ch.pos >= start + k) {
                    ch.class = Class::Punct;
                }
                base = Class::Punct;
                prev = Some(Class::Punct);
            }
        }
        has_han |= raw == Class::Han;
        has_kana |= raw == Class::Kana;
        // (A full-width plus may become ASCII in the punctuation stage: spaced alike.)
        let cl = match (c, prev) {
            (Some('¥' | '￥' | '€' | '£'), _) if b.get(i + len).is_some_and(u8::is_ascii_digit) => {
                Class::Digit
            }
            (Some('%' | '‰' | '℃' | '℉' | '°'), Some(Class::Digit)) => Class::Digit,
            (Some('＋'), Some(Class::Digit)) => Class::Digit,
            (Some('＋'), Some(l @ Class::Letter(Script::Latin))) if plus_ends_name(b, i) => l,
            _ => base,
        };
        cjk_space |= cl == Class::Space && is_cjk(prev);
        line.push(Ch {
            pos: start + i,
            class: cl,
        });
        prev = Some(cl);
        i += len;
    }
    Found {
        han: has_han,
        kana: has_kana,
        cjk_space,
    }
}

/// The class of the character at `b[i]` when it is an ideograph or a mark of Chinese
/// prose read from its bytes ([`quick_class`]): Han, CJK or general punctuation, but for
/// `‰` and `＋`, which have rules of their own.
#[inline]
fn prose_class(b: &[u8], i: usize) -> Option<Class> {
    if ideograph_at(b, i) {
        return Some(Class::Han);
    }
    let cl = quick_class(b, i)?;
    let own_rule = || b[i..].starts_with("‰".as_bytes()) || b[i..].starts_with("＋".as_bytes());
    (matches!(cl, Class::Han | Class::CjkPunct | Class::Punct) && !own_rule()).then_some(cl)
}

/// Whether `c` is a number or letter in a circle or brackets (`①`, `⑴`, `⒈`, `Ⓐ`, `❶`,
/// `㉑`).
fn enclosed(c: char) -> bool {
    matches!(c as u32, 0x2460..=0x24FF | 0x2776..=0x2793 | 0x3251..=0x325F | 0x32B1..=0x32BF)
}

/// What [`classify`] found on a line.
struct Found {
    han: bool,
    kana: bool,
    /// A space right after Han, kana or CJK punctuation: without one, neither the
    /// letter-spacing rule nor the one around CJK punctuation can match.
    cjk_space: bool,
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
///
/// (Not beside a middle dot that stands apart, a separator of a line's items: `赞同 2.3K ・
/// 评论 186 条 ・ 收藏`.)
fn around_cjk_punct(line: &[Ch], text: &str, ops: &mut Vec<(usize, bool)>) {
    let separator = |k: usize| {
        text[line[k].pos..].starts_with('・')
            && k >= 1
            && line[k - 1].class == Class::Space
            && line.get(k + 1).is_some_and(|c| c.class == Class::Space)
    };
    for (k, w) in line.windows(3).enumerate() {
        let (a, b, c) = (w[0].class, w[1].class, w[2].class);
        let cjk = |x: Class| matches!(x, Class::Han | Class::Kana | Class::CjkPunct);
        if b == Class::Space
            && cjk(a)
            && cjk(c)
            && ((a == Class::CjkPunct && !separator(k))
                || (c == Class::CjkPunct && !separator(k + 2)))
        {
            ops.push((w[1].pos, false));
        }
    }
}

/// Three or more single Han characters, each separated by exactly one space, are joined.
/// (Three or four of them among words spaced apart on the line are the cells of a row:
/// `场次 胜 平 负 积分`, `字号 大 中 小`.)
fn letter_spaced(line: &[Ch], ops: &mut Vec<(usize, bool)>) {
    let is_space = |j: usize| line.get(j).is_some_and(|c| c.class == Class::Space);
    let class = |j: Option<usize>| j.and_then(|j| line.get(j)).map(|c| c.class);
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
        let count = (end - k) / 2 + 1;
        let cells = || {
            (line[k].class == Class::Han
                && class(k.checked_sub(1)) == Some(Class::Space)
                && class(k.checked_sub(2)) == Some(Class::Han))
                || (line[end].class == Class::Han
                    && is_space(end + 1)
                    && class(Some(end + 2)) == Some(Class::Han))
        };
        if count >= 5 || (count >= 3 && !cells()) {
            ops.extend((k + 1..end).step_by(2).map(|j| (line[j].pos, false)));
        }
        k = end + 1;
    }
}

/// Whether the `+` at `b[k]`, after a Latin letter, ends a name (`C++`, `Notepad++`, `A+
/// 轮`, `AB+ 型血`, `B+ 树`, `BBB+ 级`, `VIP+ 专享`, `Disney+`, `Apple TV+`) rather than
/// joining two things, which stay glued to it as to any operator (`Redis+本地缓存`,
/// `iPhone+充电器`, a modifier key's `Shift+左键`). Names that end in a plus are few: a
/// doubled one, up to four capitals (a grade, a rating, a blood type, a tier; also joined
/// acronyms, `CPU+ 内存`, which read alike), and the services named so.
fn plus_ends_name(b: &[u8], k: usize) -> bool {
    // (Services and products, and the tiers that a plus takes "and above": `Diamond+段位`.)
    #[rustfmt::skip]
    const NAMES: &[&[u8]] = &[
        b"Disney", b"Paramount", b"Canal", b"Discovery", b"Google", b"Pro", b"Plus", b"Max",
        b"Premium", b"Sky", b"Go", b"Copilot", b"Quest", b"Bronze", b"Silver", b"Gold",
        b"Platinum", b"Diamond", b"Master", b"Grandmaster", b"Legend", b"Elite", b"Expert",
        b"Senior", b"Ultra",
    ];
    let len = b[..k]
        .iter()
        .rev()
        .take_while(|x| x.is_ascii_alphabetic())
        .count();
    let word = &b[k - len..k];
    b.get(k + 1) == Some(&b'+')
        || (k >= 1 && b[k - 1] == b'+')
        || (len <= 4 && word.iter().all(u8::is_ascii_uppercase))
        || NAMES.contains(&word)
}

/// The class of ASCII byte `x` after a character of class `prev`. (A currency sign that
/// starts a number is the number's, `的 $300 亿`: see [`classify`].) A sign that ends a
/// number or a name takes the class of what it ends (`15%`, `C++`, `A+`), so that it is
/// spaced from Han like a digit or letter (`15% 左右`, `C++ 语言`, `A+ 轮`). `#` is part
/// of a name only after a single capital letter (`C# 和 F#`): after a word it is more often
/// a URL fragment (`a.htm#测试`), after a number a building (`3#楼`).
fn suffix_class(b: &[u8], k: usize, prev: Option<Class>) -> Class {
    let capital_alone =
        || k >= 1 && b[k - 1].is_ascii_uppercase() && (k < 2 || !b[k - 2].is_ascii_alphanumeric());
    match (b[k], prev) {
        // (`17+` is a number too: `iOS 17+ 和`, `10+ 年经验`.)
        (b'%' | b'+', Some(Class::Digit)) => Class::Digit,
        (b'+', Some(l @ Class::Letter(Script::Latin))) if plus_ends_name(b, k) => l,
        (b'#', _) if capital_alone() => Class::Letter(Script::Latin),
        // (A hex colour is a token of its own, spaced from Han on both sides: `用 #FF5733
        // 感觉`.)
        (b'#', Some(Class::Han)) if hex_colour(&b[k + 1..]) => Class::Letter(Script::Latin),
        (b')' | b'>', _) if closes_call(b, k) => Class::Letter(Script::Latin),
        // (A dash after Han that starts a command's option is the option's: `加上 --user
        // 参数`, `运行 -v`; not a number's sign, `同比-2%`, `号-3`, as AutoCorrect has it,
        // nor a word joined to the Chinese one, `报告-final.pdf`, `苹果-apple`.)
        (b'-', Some(Class::Han)) if option_at(b, k) => Class::Letter(Script::Latin),
        (x, _) => ascii_class(x),
    }
}

/// Whether `rest` begins with the digits of a hex colour, no letter or digit after them:
/// six hex digits with a letter among them, or three with a letter and a decimal digit
/// (`FF5733`, `3c6`; not an issue's number, `149`, nor the tag `bad`).
fn hex_colour(rest: &[u8]) -> bool {
    let n = rest.iter().take_while(|x| x.is_ascii_hexdigit()).count();
    let digits = &rest[..n];
    let letter = digits.iter().any(u8::is_ascii_alphabetic);
    (n == 6 || (n == 3 && digits.iter().any(u8::is_ascii_digit)))
        && letter
        && rest.get(n).is_none_or(|x| !x.is_ascii_alphanumeric())
}

/// Whether `b[k..]` is a command's option: `--` and a lowercase word of two or more
/// letters, digits and dashes (`--user`, `--legacy-peer-deps`), or `-` and one or two
/// lowercase letters (`-v`, `-rf`), then the end, a space, Han or punctuation other than a
/// dash or a dot before a letter or digit (not `-final.pdf`, nor the dash of `--sales--`).
fn option_at(b: &[u8], k: usize) -> bool {
    let double = b.get(k + 1) == Some(&b'-');
    let from = k + 1 + usize::from(double);
    let word = b[from..]
        .iter()
        .take_while(|x| x.is_ascii_lowercase() || x.is_ascii_digit() || **x == b'-')
        .count();
    let w = &b[from..from + word];
    let fits = if double {
        word >= 2 && w[0].is_ascii_lowercase() && !w.ends_with(b"-")
    } else {
        (1..=2).contains(&word) && w.iter().all(u8::is_ascii_lowercase)
    };
    let end = from + word;
    // (A sentence's full stop may follow, as the `。` made of it does: `中--r1.`.)
    let extension =
        b.get(end) == Some(&b'.') && b.get(end + 1).is_some_and(u8::is_ascii_alphanumeric);
    fits && !extension
        && !b
            .get(end)
            .is_some_and(|&x| x.is_ascii_alphanumeric() || matches!(x, b'-' | b'_'))
}

/// Whether the bracket at `b[k]` closes a call or a type, all of it ASCII without spaces
/// but those after its arguments' commas: one token (`pool.close()和` → `pool.close() 和`,
/// `os.path.join(a, b)拼接`, `Option<T>两个` → `Option<T> 两个`). A call's name begins in
/// lowercase, or its last part of three letters or more does after a dot (`Math.max()`):
/// after a name in capitals the bracket holds its gloss (`Mamba(SSM)会`, `Node.js(v18)`),
/// which stays unspaced as its bracket does.
fn closes_call(b: &[u8], k: usize) -> bool {
    let open = if b[k] == b')' { b'(' } else { b'<' };
    // (A look of a bounded length: calls in prose are short. Brackets nested inside are
    // passed over; one closed before is no call's, `feat(x)!)`.)
    let from = k.saturating_sub(64);
    let mut depth = 0usize;
    let Some(p) = b[from..k]
        .iter()
        .enumerate()
        .rposition(|(i, &x)| {
            if x == b[k] {
                depth += 1;
            } else if x == open && depth > 0 {
                depth -= 1;
                return false;
            }
            let argument_space = x == b' ' && i > 0 && b[from + i - 1] == b',';
            x == open || (x == b' ' && !argument_space) || !x.is_ascii()
        })
        .map(|p| from + p)
        .filter(|&p| b[p] == open)
    else {
        return false;
    };
    let len = b[..p]
        .iter()
        .rev()
        .take_while(|x| x.is_ascii_alphanumeric() || matches!(x, b'_' | b'.'))
        .count();
    let name = &b[p - len..p];
    // (Not a name ending in a dot, nor an HTML tag's close but after a word or a number,
    // `E=mc<sup>2</sup> 是`, `the</i> 我们`, not `the.</i>我们`, which punctuation may make of
    // `the．</i>我们`.)
    let closing_tag = open == b'<' && b.get(p + 1) == Some(&b'/');
    if name.last() == Some(&b'.') || (closing_tag && !(p > 0 && b[p - 1].is_ascii_alphanumeric())) {
        return false;
    }
    let first = name.iter().find(|x| x.is_ascii_alphanumeric());
    // (A method's name, not a product's extension, `Node.js(v18)版本`, `Llama.cpp(…)项目`.)
    let method = name
        .iter()
        .rposition(|&x| x == b'.')
        .map(|d| &name[d + 1..])
        .filter(|m| m.len() >= 3 && ![&b"cpp"[..], b"net", b"com", b"org", b"app"].contains(m));
    first.is_some_and(|x| open == b'<' || x.is_ascii_lowercase())
        || method.is_some_and(|m| m[0].is_ascii_lowercase())
}

fn han_latin(
    line: &[Ch],
    text: &str,
    protected: &mut Option<Vec<Range<usize>>>,
    ops: &mut Vec<(usize, bool)>,
) {
    // (Tags are looked for only on a line with their signs, registration numbers on one
    // with their names, case numbers on one with `号` and a closing bracket.)
    let mut signs: Option<bool> = None;
    let mut registration: Option<(bool, bool)> = None;
    for w in line.windows(2) {
        let (a, b) = (w[0].class, w[1].class);
        let boundary =
            (a == Class::Han && is_latin_side(b)) || (is_latin_side(a) && b == Class::Han);
        if boundary
            && !protect::is_inside(
                protected.get_or_insert_with(|| protect::find(text)),
                w[1].pos,
            )
            && !protect::subtitle_break(
                text,
                protected.as_deref().unwrap_or_default(),
                w[1].pos.saturating_sub(2)..w[1].pos,
                true,
            )
        {
            let tag = *signs.get_or_insert_with(|| {
                let (first, last) = (line[0].pos, line[line.len() - 1].pos);
                memchr::memchr2(b'#', b'@', &text.as_bytes()[first..last]).is_some()
            }) && (in_tag(text, w[1].pos) || in_handle(text, w[1].pos));
            // (Whether the line holds a registration's name, and a case number's `号` and
            // closing bracket.)
            let registration = || {
                *registration.get_or_insert_with(|| {
                    let (first, last) = (line[0].pos, line[line.len() - 1].pos);
                    // (Finders built once: a line is short.)
                    static NAMES: LazyLock<[memchr::memmem::Finder<'static>; 4]> =
                        LazyLock::new(|| {
                            ["ICP", "公网安备", "号", "）"]
                                .map(|n| memchr::memmem::Finder::new(n.as_bytes()))
                        });
                    // (The last character whole: `…号` may end the line.)
                    let b = &text.as_bytes()[first..(last + 4).min(text.len())];
                    let has = |k: usize| NAMES[k].find(b).is_some();
                    (
                        has(0) || has(1),
                        has(2) && (memchr::memchr(b')', b).is_some() || has(3)),
                    )
                })
            };
            if tag
                || in_fixed_word(text, w[1].pos, registration)
                || escape_at(text, w[0].pos)
                || plate_at(text, w[1].pos)
            {
                continue;
            }
            ops.push((w[1].pos, true));
        } else if (a == Class::Han
            && b == Class::Punct
            && matches!(text.as_bytes()[w[1].pos], b'/' | b'.' | b'~')
            && (path_starts(text, w[1].pos, protected) || dot_name_at(text, w[1].pos)))
            || (a == Class::Punct
                && b == Class::Han
                && text.as_bytes()[w[0].pos] == b'.'
                && abbreviation_ends(text, w[0].pos)
                // (Not inside a topic, `#U.S.大选#`, nor a URL, `http://x.cn/路径U.S.我们`.)
                && !in_tag(text, w[1].pos)
                && !protect::is_inside(
                    protected.get_or_insert_with(|| protect::find(text)),
                    w[1].pos,
                ))
        {
            ops.push((w[1].pos, true));
        }
    }
}

/// Whether the `.` at byte `pos` of `text` ends an abbreviation, which Han after it is
/// spaced from as from its word (`Apple Inc.工作` → `Apple Inc. 工作`, `Ph.D.学位`).
fn abbreviation_ends(text: &str, pos: usize) -> bool {
    let b = text.as_bytes();
    if b[pos] != b'.' {
        return false;
    }
    let len = b[..pos]
        .iter()
        .rev()
        .take(16)
        .take_while(|x| x.is_ascii_alphabetic() || **x == b'.')
        .count();
    let word = &text[pos - len..pos];
    // (Not a second period, `x..中文`: no abbreviation ends so, and a full stop made ASCII
    // after the spacing stage ran could not be spaced alike.)
    len > 0
        && !b[..pos - len].last().is_some_and(u8::is_ascii_alphanumeric)
        && word.starts_with(|c: char| c.is_ascii_alphabetic())
        && !word.ends_with('.')
        && crate::span::is_abbreviation(word)
        // (Nor an option's letter, `？A.北京`.)
        && !(len <= 4 && crate::span::option_stop(text, pos, '.'))
}

/// Whether a file path starts at byte `pos` of `text`, right after Han: spaced from it as a
/// word is (`在 ~/.config/zhen 里`), as its end already is. A path from the root needs two
/// lowercase folders (`/usr/bin`), so that a slash between words is none (`中文/English`,
/// `A股/B股`).
fn path_starts(text: &str, pos: usize, protected: &mut Option<Vec<Range<usize>>>) -> bool {
    let rest = &text.as_bytes()[pos..];
    // (Its folders are lowercase, as a system's are, `/usr/local`, `/api/v1`: a list of
    // names is not, `中文/English/Français`, `元/kW/h`.)
    let folder_byte =
        |x: &u8| x.is_ascii_lowercase() || x.is_ascii_digit() || matches!(x, b'_' | b'-' | b'.');
    let folder = rest.iter().skip(1).take_while(|x| folder_byte(x)).count();
    let rooted = rest[0] == b'/'
        && folder > 1
        && rest.get(1 + folder) == Some(&b'/')
        && rest.get(2 + folder).is_some_and(folder_byte);
    let marked = [&b"~/"[..], b"./", b"../"]
        .iter()
        .any(|m| rest.starts_with(m));
    (rooted || marked) && {
        let ranges = protected.get_or_insert_with(|| protect::find(text));
        let k = ranges.partition_point(|r| r.start < pos);
        ranges.get(k).is_some_and(|r| r.start == pos)
    }
}

/// Whether the name `.NET`, whose dot begins it, starts at byte `pos` of `text`: spaced
/// from Han as a word is (`基于 .NET 8`), not as the extension of a file named in Chinese
/// (`中文.txt`).
fn dot_name_at(text: &str, pos: usize) -> bool {
    text[pos..].starts_with(".NET")
        && !text[pos + 4..].starts_with(|c: char| c.is_ascii_alphanumeric())
}

/// Whether byte `pos` of `text` is the letter of an escape sequence, `\n`, `\t` or `\r`,
/// typed into text (localization strings, dumps escaped twice): no word, so the Han after it
/// is not spaced (`第一行\n第二行`), as the Han before the backslash is not.
fn escape_at(text: &str, pos: usize) -> bool {
    let b = text.as_bytes();
    matches!(b[pos], b'n' | b't' | b'r') && pos >= 1 && b[pos - 1] == b'\\'
}

/// Whether byte `pos` of `text` lies inside or at the Latin edge of a word written with its
/// Latin letters glued, which is spaced as Han: a word of the language (`T恤`, `U盘`, `A股`,
/// `卡拉OK`, `阿Q`), a website's registration number (`京ICP备12345678号`,
/// `京公网安备11010802012345号`), searched for as written, or a court's case number
/// (`(2024)沪0115民初12345号`). `ids` says whether the line may hold the last two.
fn in_fixed_word(text: &str, pos: usize, ids: impl FnOnce() -> (bool, bool)) -> bool {
    const WORDS: [&str; 25] = [
        "T恤", "t恤", "U盘", "u盘", "A股", "B股", "H股", "K线", "B超", "X光", "Q版", "T台", "B站",
        "Q币", "Q弹", "X射线", "卡拉OK", "阿Q", "三K党", "唱K", "K歌", "K书", "K書", "K房", "M記",
    ];
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    // Whether `w` is written at byte `at`, not glued to more Latin letters (`GT恤`, `卡拉OKAY`).
    let at = |w: &str, at: usize, latin_first: bool| {
        text.get(at..).is_some_and(|t| t.starts_with(w))
            && !if latin_first {
                alnum(text[..at].chars().next_back())
            } else {
                alnum(text[at + w.len()..].chars().next())
            }
    };
    // (Only where a letter alone, or `OK`, meets Han.)
    let b = text.as_bytes();
    let alone = |p: usize| {
        b.get(p).is_some_and(u8::is_ascii_alphabetic)
            && !b.get(p + 1).is_some_and(u8::is_ascii_alphanumeric)
            && !(p > 0 && b[p - 1].is_ascii_alphanumeric())
    };
    let candidate = alone(pos)
        || (pos > 0 && alone(pos - 1))
        || b[pos..].starts_with(b"OK")
        || b[..pos].ends_with(b"OK");
    let word = candidate
        && WORDS.iter().any(|w| {
            let latin_first = w.starts_with(|c: char| c.is_ascii());
            // Where its Latin letters meet its Han, and the Latin edge of the word.
            let edge = w.find(|c: char| c.is_ascii() != latin_first).unwrap_or(0);
            let outer = if latin_first { 0 } else { w.len() };
            [edge, outer]
                .into_iter()
                .any(|e| pos >= e && at(w, pos - e, latin_first))
        });
    word || {
        let (registration, case) = ids();
        (registration && registration_number(text, pos)) || (case && case_number(text, pos))
    }
}

/// Whether a Chinese licence plate starts with its province's character right before byte
/// `pos` of `text`: the character, a capital letter, a `·` or not, then five or six capital
/// letters and digits (`粤B12345`, `京A·88888`, `沪AD12345`), with its `·` or after a word
/// for a vehicle or a plate. It is written unspaced.
fn plate_at(text: &str, pos: usize) -> bool {
    const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
    let Some(province) = text[..pos].chars().next_back() else {
        return false;
    };
    let rest = &text.as_bytes()[pos..];
    if !PROVINCES.contains(province) || !rest.first().is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    let dotted = rest[1..].strip_prefix("·".as_bytes());
    let rest = dotted.unwrap_or(&rest[1..]);
    let serial = rest
        .iter()
        .take_while(|x| x.is_ascii_uppercase() || x.is_ascii_digit())
        .count();
    // (A model or version after a word that ends in such a character is none, `更新V12345`,
    // `华为云A12345`: a plate has its `·`, or a vehicle or plate named just before.)
    let named = || {
        let before = &text[..pos - province.len_utf8()];
        before
            .chars()
            .rev()
            .take(8)
            .any(|c| matches!(c, '车' | '牌' | '辆' | '号' | '驾'))
    };
    (5..=6).contains(&serial)
        && rest[..serial].iter().any(u8::is_ascii_digit)
        && !rest.get(serial).is_some_and(u8::is_ascii_alphanumeric)
        && (dotted.is_some() || named())
}

/// Whether byte `pos` lies inside a run of Han, ASCII letters, digits and `-` that holds a
/// website's registration (`ICP备`, `ICP证`, `公网安备`) and its number. (Read within 32
/// characters either way.)
fn registration_number(text: &str, pos: usize) -> bool {
    let run = &text[run_around(text, pos)];
    ["ICP备", "ICP证", "公网安备"]
        .iter()
        .any(|r| run.contains(r))
        && run.bytes().any(|b| b.is_ascii_digit())
}

/// Whether byte `pos` of `text` lies in the number of a Chinese court's case, a year in
/// brackets, then Han and digits ending in `号` (`(2024)沪0115民初12345号`): an identifier
/// cited as written, unspaced.
fn case_number(text: &str, pos: usize) -> bool {
    // (Its year's bracket closes a few characters before.)
    let near = &text.as_bytes()[pos.saturating_sub(40)..pos];
    if memchr::memchr(b')', near).is_none() && memchr::memmem::find(near, "）".as_bytes()).is_none()
    {
        return false;
    }
    let r = run_around(text, pos);
    let year = text[..r.start]
        .strip_suffix([')', '）'])
        .and_then(|t| t.get(..t.len().checked_sub(4)?).zip(t.get(t.len() - 4..)))
        .is_some_and(|(open, digits)| {
            open.ends_with(['(', '（']) && digits.bytes().all(|b| b.is_ascii_digit())
        });
    let run = &text[r];
    // (Its case type and stage: `民初`, `刑终`, `行再`, `执`…)
    let kind = ["民", "刑", "行", "执", "赔", "破"]
        .iter()
        .any(|k| run.contains(k));
    year && kind
        && run.starts_with(is_han)
        && run
            .match_indices('号')
            .any(|(i, _)| run[..i].ends_with(|c: char| c.is_ascii_digit()))
}

/// The run of Han, ASCII letters, digits and hyphens around byte `pos` of `text`, up to 32
/// characters either way.
fn run_around(text: &str, pos: usize) -> Range<usize> {
    let part = |c: char| is_han(c) || c.is_ascii_alphanumeric() || c == '-';
    let mut from = pos;
    for (i, c) in text[..pos].char_indices().rev().take(32) {
        if !part(c) {
            break;
        }
        from = i;
    }
    let mut to = pos;
    for (i, c) in text[pos..].char_indices().take(32) {
        if !part(c) {
            break;
        }
        to = pos + i + c.len_utf8();
    }
    from..to
}

/// Whether byte `pos` of `text` lies inside a topic between two hash signs (`#AI大模型#`),
/// a name its writer typed unspaced. (Not a handle: pangu spaces `@vinta 吃`, and where a
/// handle ends is not known.)
fn in_tag(text: &str, pos: usize) -> bool {
    // Tags are short: a look of this many characters either way.
    const REACH: usize = 40;
    // (A version's point and a date's middle dot are a topic's too: `#原神4.5版本#`,
    // `#3·15晚会#`; and so is the `。` punctuation makes of a full stop, so that a topic
    // cleaned again reads the same, `#今天学了Python。很开心#`.)
    let tag_char =
        |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '·' | '・' | '。');
    let mut back = text[..pos].char_indices().rev().take(REACH);
    let Some((at, sign)) = back.find(|&(_, c)| !tag_char(c)) else {
        return false;
    };
    let glued_to_word = text[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    sign == '#'
        && !glued_to_word
        && text[pos..]
            .chars()
            .take(REACH)
            .find(|&c| !tag_char(c))
            .is_some_and(|c| c == '#')
}

/// Whether byte `pos` of `text` lies inside a handle that begins with an ideograph or a
/// digit, as Weibo's names do (`@用户123456 你好`, `//@36氪:`): a name of at most twelve
/// characters that the platform ends with a space or a colon (`回复@小米手机2024:`, and
/// after Han a number then a space, `感谢@回答1 说得很清楚`). (One that begins with a letter is
/// spaced as pangu spaces it, `@vinta 吃`; one that runs to the line's end or a mark may be
/// the sentence, `@王五说iPhone不好用`, unless it ends in its number, `转发自@用户7654321098`;
/// and `@2x` is an image's scale.)
fn in_handle(text: &str, pos: usize) -> bool {
    const LONGEST: usize = 12;
    let name_char = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-');
    let mut back = text[..pos].char_indices().rev().take(LONGEST);
    let Some((at, '@')) = back.find(|&(_, c)| !name_char(c)) else {
        return false;
    };
    let before = text[..at].chars().next_back();
    let name = &text[at + 1..];
    let scale = name
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .starts_with('x')
        && name.starts_with(|c: char| c.is_ascii_digit());
    if scale || !name.starts_with(|c: char| c.is_ascii_digit() || crate::script::is_han(c)) {
        return false;
    }
    let len = name
        .chars()
        .take_while(|&c| name_char(c))
        .take(LONGEST + 1)
        .count();
    let name_len = name.char_indices().nth(len).map_or(name.len(), |(i, _)| i);
    let ends_in_digit = name[..name_len].ends_with(|c: char| c.is_ascii_digit());
    // A space or a colon ends the name, as the platform ends it; but not a space before a
    // mark or a bracket, which cleaning may remove: the name must read as it will without
    // it (`感谢 @张三abc !` as `感谢 @张三abc！`).
    let after = &name[name_len..];
    let ended = match after.chars().next() {
        Some(':' | '：') => true,
        Some(c) if c.is_whitespace() && c != '\n' && c != '\r' => after
            .trim_start_matches([' ', '\t'])
            .chars()
            .next()
            .is_none_or(|c| c.is_alphanumeric() || c.is_whitespace() || matches!(c, ':' | '：')),
        _ => false,
    };
    // (After a mark as after a space, which cleaning removes after a full-width one: `好的,
    // @张三abc` is `好的，@张三abc` once cleaned.)
    let apart = before.is_none_or(|b| !b.is_alphanumeric());
    len <= LONGEST
        && match before {
            _ if apart => true,
            // (Glued to Han, a name that a colon ends, or a space after its number, as
            // the default names of Weibo end: `感谢@回答1 说得很清楚`; not the verb of
            // `上@一下维护者ABC 吧`.)
            Some(b) if crate::script::is_han(b) => after.starts_with([':', '：']) || ends_in_digit,
            _ => false,
        }
        // (At the line's end, in a document or alone, or before a mark, only a name that ends
        // in its number, as Weibo's default names do, `转发自@用户7654321098`: another may be
        // the sentence, `@王五说iPhone不好用。`, `@张三负责QA。`.)
        && (ended || ends_in_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn space(s: &str) -> String {
        let mut ed = Editor::new(s);
        run(&mut ed, &code::blocks(s, None));
        ed.finish().map(|(s, _)| s).unwrap_or_else(|| s.to_string())
    }

    /// The line as first built: every character, classes adjusted in a second pass.
    fn classify_reference(seg: &str, start: usize) -> Vec<Ch> {
        let mut line = Vec::new();
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
        // A keycap is an emoji, and so are the marks after it.
        let at = |line: &[Ch], k: usize| seg[line[k].pos - start..].chars().next().unwrap();
        for k in 1..line.len() {
            if at(&line, k) != '\u{20E3}' {
                continue;
            }
            let key = k - 1 - usize::from(at(&line, k - 1) == '\u{FE0F}' && k >= 2);
            if matches!(at(&line, key), '0'..='9' | '#' | '*') {
                let mut end = k + 1;
                while end < line.len() && class(at(&line, end)) == Class::Mark {
                    end += 1;
                }
                for ch in &mut line[key..end] {
                    ch.class = Class::Punct;
                }
            }
        }
        for k in 0..line.len() {
            let mut cs = seg[line[k].pos - start..].chars();
            if matches!(cs.next(), Some('$' | '¥' | '￥' | '€' | '£'))
                && cs.next().is_some_and(|d| d.is_ascii_digit())
            {
                line[k].class = Class::Digit;
            }
        }
        for k in 1..line.len() {
            let c = seg[line[k].pos - start..].chars().next();
            match line[k - 1].class {
                Class::Digit if matches!(c, Some('%' | '‰' | '℃' | '℉' | '°' | '+' | '＋')) =>
                {
                    line[k].class = Class::Digit;
                }
                l @ Class::Letter(Script::Latin)
                    if matches!(c, Some('+' | '＋'))
                        && plus_ends_name(seg.as_bytes(), line[k].pos - start) =>
                {
                    line[k].class = l;
                }
                _ if c == Some('#') && {
                    let mut before = seg[..line[k].pos - start].chars().rev();
                    before.next().is_some_and(|c| c.is_ascii_uppercase())
                        && before.next().is_none_or(|c| !c.is_ascii_alphanumeric())
                } =>
                {
                    line[k].class = Class::Letter(Script::Latin);
                }
                Class::Han
                    if c == Some('#') && hex_colour(&seg.as_bytes()[line[k].pos - start + 1..]) =>
                {
                    line[k].class = Class::Letter(Script::Latin);
                }
                _ => {}
            }
        }
        line
    }

    fn rule_ops(line: &[Ch], text: &str) -> Vec<(usize, bool)> {
        let mut ops = Vec::new();
        letter_spaced(line, &mut ops);
        around_cjk_punct(line, text, &mut ops);
        han_latin(line, text, &mut None, &mut ops);
        ops.sort_unstable();
        ops.dedup();
        ops
    }

    #[test]
    fn shortened_lines_match_the_rules_on_whole_lines() {
        let pieces = [
            "1\u{FE0F}\u{20E3}",
            "#\u{20E3}",
            "中",
            "文",
            "中文字符串",
            "字\u{301}",
            " ",
            "  ",
            "a",
            "abcdefg",
            "5",
            "12345",
            "%",
            "%%%%%%",
            "‰",
            "，",
            "。",
            "x%",
            "\u{301}",
            "²",
            "の",
            "é",
            "https://a.com/x",
            " 中 ",
            "7%%%%%%%",
            "ab%%%%%%",
            "C++",
            "+",
            "#",
            "ab++++++",
            "x#%",
            "C#",
            "aC#",
            "C##",
            " F#",
            "9+#",
            "ab%+#++++",
            "＋",
            "$",
            "$5",
            "¥",
            "￥",
            "€12",
            "a$",
        ];
        let mut seed = 0x2545F4914F6CDD1Du64;
        let mut line = Vec::new();
        for _ in 0..20000 {
            let mut t = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let n = (seed % 12) as usize;
            let mut r = seed;
            for _ in 0..n {
                t.push_str(pieces[(r % pieces.len() as u64) as usize]);
                r /= pieces.len() as u64;
                if r == 0 {
                    r = seed.rotate_left(17);
                }
            }
            let full = classify_reference(&t, 0);
            // (The rules run only on lines with Han.)
            if !may_match(&t) && full.iter().any(|c| c.class == Class::Han) {
                assert!(rule_ops(&full, &t).is_empty(), "{t:?}");
            }
            let found = classify(&t, 0, &mut line);
            assert_eq!(
                found.han,
                full.iter().any(|c| c.class == Class::Han),
                "{t:?}"
            );
            if !found.han {
                continue;
            }
            assert_eq!(
                found.kana,
                full.iter().any(|c| c.class == Class::Kana),
                "{t:?}"
            );
            assert_eq!(rule_ops(&line, &t), rule_ops(&full, &t), "{t:?}");
            // Without a space after CJK text, the rules that need one find nothing.
            if !found.cjk_space {
                let mut ops = Vec::new();
                letter_spaced(&full, &mut ops);
                around_cjk_punct(&full, &t, &mut ops);
                assert!(ops.is_empty(), "{t:?}");
            }
            // The characters kept have the classes they have in the whole line.
            for ch in &line {
                let f = full.iter().find(|f| f.pos == ch.pos).unwrap();
                assert_eq!(f.class, ch.class, "{t:?} at {}", ch.pos);
            }
        }
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
        // (A degree sign is the number's, as `°C` is: `在25℃以下` and `在25°C以下` agree.)
        assert_eq!(space("在25℃以下"), "在 25℃ 以下");
        assert_eq!(space("旋转90°后"), "旋转 90° 后");
        // Words written glued, and registration numbers searched for as written.
        assert_eq!(
            space("买了T恤和U盘，A股大涨，去唱卡拉OK，读《阿Q正传》，在B站充Q币"),
            "买了T恤和U盘，A股大涨，去唱卡拉OK，读《阿Q正传》，在B站充Q币"
        );
        // Lowercase as shop titles type them.
        assert_eq!(space("男士纯棉t恤，64g u盘"), "男士纯棉t恤，64g u盘");
        // And the words of Hong Kong and Taiwan: `唱K`, `K書`, `M記`. (Not `C位` nor `I人`,
        // which `点C位于AB上` and `维生素E人体` would misread.)
        assert_eq!(
            space("今晚去唱K，明天要K書，去M記"),
            "今晚去唱K，明天要K書，去M記"
        );
        assert_eq!(
            space("口感Q弹，拍X射线，点C位于AB上"),
            "口感Q弹，拍X射线，点 C 位于 AB 上"
        );
        assert_eq!(space("GT恤衫，卡拉OKAY"), "GT 恤衫，卡拉 OKAY");
        assert_eq!(
            space("版权所有 京ICP备12345678号-1 京公网安备11010802012345号"),
            "版权所有 京ICP备12345678号-1 京公网安备11010802012345号"
        );
        // An escape sequence typed into text is no word.
        assert_eq!(space("第一行\\n第二行\\t结束"), "第一行\\n第二行\\t结束");
        assert_eq!(space("用Python\\r\\n写"), "用 Python\\r\\n写");
        assert_eq!(space("一个\\nav目录"), "一个\\nav 目录");
        // A list's circled or bracketed number is a mark.
        assert_eq!(space("①打开设置，②选择语言"), "①打开设置，②选择语言");
        // So is a keycap emoji, not a digit.
        assert_eq!(
            space("步骤1\u{FE0F}\u{20E3}打开App 2\u{FE0F}\u{20E3}登录"),
            "步骤1\u{FE0F}\u{20E3}打开 App 2\u{FE0F}\u{20E3}登录"
        );
        for text in [
            "第1\u{20E3}步",
            "\u{20E3}开头",
            "中\u{20E3}文",
            "#\u{FE0F}\u{20E3}话题",
        ] {
            assert_eq!(space(text), text);
        }
        assert_eq!(space("步骤⑴完成❶准备"), "步骤⑴完成❶准备");
        // So does a number's plus: `17+` is "17 or more".
        assert_eq!(
            space("仅在iOS 17+和Android 14+上可用"),
            "仅在 iOS 17+ 和 Android 14+ 上可用"
        );
        assert_eq!(space("10＋年经验"), "10＋ 年经验");
        // So does the dash of a command's option after Han; not a number's sign.
        assert_eq!(space("需要加上--user参数"), "需要加上 --user 参数");
        assert_eq!(space("运行-v参数，同比-2%"), "运行 -v 参数，同比-2%");
        assert_eq!(space("加上--force."), "加上 --force.");
        // A licence plate is written unspaced.
        assert_eq!(
            space("一辆粤B12345的轿车，车牌京A·88888和车牌号沪AD12345"),
            "一辆粤B12345 的轿车，车牌京A·88888 和车牌号沪AD12345"
        );
        assert_eq!(space("系统更新V12345版本"), "系统更新 V12345 版本");
        assert_eq!(space("新Windows系统"), "新 Windows 系统");
        assert_eq!(space("报告-final.pdf"), "报告-final.pdf");
        assert_eq!(space("中-英，A-B测试"), "中-英，A-B 测试");
        // Not a word joined to the Chinese one, a file name, nor a dash pair.
        assert_eq!(space("附件:季度报告-final.pdf"), "附件:季度报告-final.pdf");
        assert_eq!(space("苹果-apple，修复-bug123"), "苹果-apple，修复-bug123");
        assert_eq!(space("部门--sales--负责人"), "部门--sales--负责人");
        assert_eq!(
            space("加个--legacy-peer-deps试试"),
            "加个 --legacy-peer-deps 试试"
        );
        // A currency sign before a number spaces like the number.
        assert_eq!(space("宣称的$300亿估值"), "宣称的 $300 亿估值");
        assert_eq!(space("售价¥4999元，约€600"), "售价 ¥4999 元，约 €600");
        assert_eq!(space("到手价￥599，原价￥799"), "到手价 ￥599，原价 ￥799");
        // Japanese does not space kanji from Latin text; a Chinese line quoting it does.
        assert_eq!(space("サーバーにdeployする"), "サーバーにdeployする");
        assert_eq!(
            space("我买了一台任天堂Switch，店员说「ありがとう」"),
            "我买了一台任天堂 Switch，店员说「ありがとう」"
        );
        assert_eq!(space("变量$HOME的值"), "变量$HOME 的值");
        assert_eq!(space("百分之%左右"), "百分之%左右");
        assert_eq!(space("我用C++语言和C#"), "我用 C++ 语言和 C#");
        assert_eq!(space("用C#和F#开发"), "用 C# 和 F# 开发");
        assert_eq!(space("楼3#楼和AB#好"), "楼 3#楼和 AB#好");
        // A hex colour after Han is spaced on both sides; a tag is not spaced before.
        assert_eq!(space("颜色用#FF5733感觉"), "颜色用 #FF5733 感觉");
        assert_eq!(space("改成#3c6试试"), "改成 #3c6 试试");
        assert_eq!(space("话题#bad很火"), "话题#bad 很火");
        assert_eq!(space("阅读次数#149"), "阅读次数#149");
        assert_eq!(space("a.htm#测试"), "a.htm#测试");
        assert_eq!(space("A+轮融资"), "A+ 轮融资");
        // Not a modifier key's, nor one of a chain, which join two things.
        assert_eq!(space("按Shift+左键拆分"), "按 Shift+左键拆分");
        assert_eq!(space("包含iPhone+充电器+耳机"), "包含 iPhone+充电器+耳机");
        assert_eq!(space("Mate 70 Pro+起售价"), "Mate 70 Pro+ 起售价");
        assert_eq!(space("用Redis+本地缓存做缓存"), "用 Redis+本地缓存做缓存");
        assert_eq!(space("用HashMap+双向链表"), "用 HashMap+双向链表");
        assert_eq!(space("买了iPhone+充电器"), "买了 iPhone+充电器");
        assert_eq!(space("B+树和Notepad++编辑器"), "B+ 树和 Notepad++ 编辑器");
        assert_eq!(space("订阅Disney+会员"), "订阅 Disney+ 会员");
        assert_eq!(space("下调至BBB+级,VIP+专享"), "下调至 BBB+ 级,VIP+ 专享");
        assert_eq!(space("Diamond+段位"), "Diamond+ 段位");
        assert_eq!(space("#标签#话题"), "#标签#话题");
        // A superscript or subscript digit goes with what it follows: a footnote call after
        // Han, an exponent or index after a letter.
        assert_eq!(space("所谓的面子¹，很重要²。"), "所谓的面子¹，很重要²。");
        assert_eq!(space("面积100m²的房子"), "面积 100m² 的房子");
        assert_eq!(space("化学式H₂O和CO₂"), "化学式 H₂O 和 CO₂");
    }

    #[test]
    fn a_call_or_type_is_spaced_as_one_token() {
        assert_eq!(
            space("pool.close()和pool.join()加上"),
            "pool.close() 和 pool.join() 加上"
        );
        assert_eq!(
            space("执行t[0].append(3)是合法的"),
            "执行 t[0].append(3) 是合法的"
        );
        assert_eq!(space("用Option<T>表示"), "用 Option<T> 表示");
        // A method of a capitalized name, and arguments spaced after their commas.
        assert_eq!(space("例如Math.max()就是"), "例如 Math.max() 就是");
        assert_eq!(
            space("用os.path.join(a, b)拼接"),
            "用 os.path.join(a, b) 拼接"
        );
        // (Not a product's extension before its gloss.)
        assert_eq!(space("Node.js(v18)版本"), "Node.js(v18)版本");
        assert_eq!(space("Llama.cpp(Gerganov)项目"), "Llama.cpp(Gerganov)项目");
        // Nested brackets are passed over; a bracket closed before is no call's.
        assert_eq!(space("调用f(g(x))后"), "调用 f(g(x)) 后");
        assert_eq!(space("feat(x)`!)的"), "feat(x)`!)的");
        // Not a bracket of Chinese text, nor one opened after a space.
        assert_eq!(space("使用f(参数)计算"), "使用 f(参数)计算");
        assert_eq!(space("见 (a)中"), "见 (a)中");
        // Nor the gloss of a name, nor a citation.
        assert_eq!(space("Mamba(SSM)会不会"), "Mamba(SSM)会不会");
        assert_eq!(space("Qwen[8]等"), "Qwen[8]等");
        // Nor an HTML tag that closes, nor a name that ends in a dot: the tag after `the．`
        // is unspaced, and so after `the.`, what punctuation makes of it.
        assert_eq!(space("我们the.</i>我们"), "我们 the.</i>我们");
        assert_eq!(space("公式E=mc<sup>2</sup>是"), "公式 E=mc<sup>2</sup> 是");
        assert_eq!(space("我们the．</i>我们"), "我们 the．</i>我们");
        assert_eq!(space("见a.(b)等"), "见 a.(b)等");
    }

    #[test]
    fn leaves_topics_unspaced() {
        assert_eq!(space("#AI大模型# 今天发布"), "#AI大模型# 今天发布");
        assert_eq!(space("#原神4.5版本#前瞻直播"), "#原神4.5版本#前瞻直播");
        assert_eq!(space("#3·15晚会曝光名单# 热"), "#3·15晚会曝光名单# 热");
        assert_eq!(space("#U.S.大选#"), "#U.S.大选#");
        assert_eq!(
            space("#今天学了Python。很开心#"),
            "#今天学了Python。很开心#"
        );
        assert_eq!(
            space("话题#ChatGPT使用技巧#很火"),
            "话题#ChatGPT使用技巧#很火"
        );
        // Not a hash sign without its partner, nor `C#`, nor a handle (as pangu).
        assert_eq!(space("网上的#Barbenheimer梗"), "网上的#Barbenheimer 梗");
        assert_eq!(space("用C#开发iOS应用#"), "用 C# 开发 iOS 应用#");
        assert_eq!(space("請@vinta吃大便"), "請@vinta 吃大便");
        // A handle that begins with an ideograph or a digit is a Weibo name to its end.
        assert_eq!(space("@用户123456 你好"), "@用户123456 你好");
        assert_eq!(space("@新浪科技 @36氪 这波"), "@新浪科技 @36氪 这波");
        assert_eq!(space("//@张三ABC:说得好"), "//@张三ABC:说得好");
        assert_eq!(space("回复@小米手机2024:好的"), "回复@小米手机2024:好的");
        assert_eq!(space("感谢@回答1 说得很清楚"), "感谢@回答1 说得很清楚");
        assert_eq!(
            space("谢谢@小米手机2024 的支持"),
            "谢谢@小米手机2024 的支持"
        );
        // (Not one that runs into a clause or to the line's end, where the handle's end is
        // not known, nor an `@` glued to Han that no colon ends, nor an image's scale.)
        assert_eq!(space("@36氪的报道,说"), "@36 氪的报道,说");
        assert_eq!(space("@王五说iPhone不好用"), "@王五说 iPhone 不好用");
        // (The same at the end of a line as at the end of the text; one that ends in its
        // number is a default name, whole.)
        assert_eq!(
            space("@王五说iPhone不好用\n下一行"),
            "@王五说 iPhone 不好用\n下一行"
        );
        for text in [
            "转发自@用户7654321098",
            "by @小红薯123456\n下一行",
            "感谢@小米手机2024，很好用",
            "谢谢@用户123。",
        ] {
            assert_eq!(space(text), text);
        }
        assert_eq!(
            space("在GitHub上@一下维护者ABC 吧"),
            "在 GitHub 上@一下维护者 ABC 吧"
        );
        assert_eq!(space("@2x图标 放在"), "@2x 图标 放在");
        // A space before a mark is read as cleaning will leave it: a name that ends in Latin
        // letters before a mark may be the sentence (`@张三负责QA。`), and reads the same
        // with the space the platform put before the mark.
        for (text, spaced) in [
            ("感谢 @小米Official !", "感谢 @小米 Official !"),
            ("感谢 @小米Official！", "感谢 @小米 Official！"),
            ("好的，@张三负责QA。", "好的，@张三负责 QA。"),
        ] {
            assert_eq!(space(text), spaced);
        }
        // (One that ends in its number is a default name, after a space or a mark.)
        for text in ["谢谢 @用户123 ，明天见", "好的，@用户123。"] {
            assert_eq!(space(text), text);
        }
        // (One that ends in Han reads alike before a space and a mark: `@36氪 ，说` is
        // `@36氪，说` once cleaned.)
        assert_eq!(space("@36氪的报道 ,说"), "@36 氪的报道 ,说");
        assert_eq!(space("感谢@小米Official!"), "感谢@小米 Official!");
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
        // A subtitle's line break or hard space is its markup, no letter to space from.
        let event = "Dialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,";
        for text in ["Okay.\\N好吧", "OK\\h\\h好的"] {
            assert_eq!(space(&format!("{event}{text}")), format!("{event}{text}"));
        }
        // (Elsewhere it is text: `\N` is a letter after a backslash.)
        assert_eq!(space("他写了\\N你好"), "他写了\\N 你好");
    }

    #[test]
    fn a_court_case_number_is_unspaced() {
        for text in [
            "案号为(2024)沪0115民初12345号。",
            "（2022）最高法民终123号判决",
        ] {
            assert_eq!(space(text), text);
        }
        assert_eq!(
            space("(2020)年度报告第3号文件"),
            "(2020)年度报告第 3 号文件"
        );
    }

    #[test]
    fn an_abbreviation_is_spaced_from_the_han_after_it() {
        assert_eq!(space("在Apple Inc.工作"), "在 Apple Inc. 工作");
        assert_eq!(space("前面U.S.A.後面"), "前面 U.S.A. 後面");
        assert_eq!(space("拿到Ph.D.学位"), "拿到 Ph.D. 学位");
        // Not a file's name or a version's number.
        assert_eq!(space("打开test.js文件"), "打开 test.js 文件");
        assert_eq!(space("版本v1.2.请"), "版本 v1.2.请");
        // Nor a second period, which a full stop made ASCII after this stage may be: the
        // text cleaned again would be spaced there (`ｘ。.中文` → `x..中文`).
        assert_eq!(space("a,x..中文"), "a,x..中文");
        // Nor one inside a URL, whose path may hold Han (found by the idempotence test).
        assert_eq!(
            space("http://x.cn/路径U.S.我们the"),
            "http://x.cn/路径U.S.我们the"
        );
        // Nor an option's letter.
        assert_eq!(
            space("哪个是直辖市?A.北京 B.南京"),
            "哪个是直辖市?A.北京 B.南京"
        );
    }

    #[test]
    fn a_path_is_spaced_from_the_han_before_it() {
        for (text, want) in [
            ("配置在~/.config/zhen里", "配置在 ~/.config/zhen 里"),
            ("运行./configure然后make", "运行 ./configure 然后 make"),
            ("基于.NET 8的项目", "基于 .NET 8 的项目"),
            ("用的是.NET Core", "用的是 .NET Core"),
            ("打开中文.txt文件", "打开中文.txt 文件"),
            ("执行../run.sh即可", "执行 ../run.sh 即可"),
            ("放到/usr/local/bin下面", "放到 /usr/local/bin 下面"),
            // A slash between words or numbers is no path.
            ("中文/English", "中文/English"),
            ("男/女都可以", "男/女都可以"),
            ("A股/B股", "A股/B股"),
            ("中文/English/Français", "中文/English/Français"),
            ("单位元/kW/h", "单位元/kW/h"),
            ("比例为1/2", "比例为 1/2"),
        ] {
            assert_eq!(space(text), want, "{text}");
        }
    }

    #[test]
    fn han_spaces_kept_but_letter_spacing_joined() {
        assert_eq!(space("评级 上调"), "评级 上调");
        assert_eq!(space("张三 李四"), "张三 李四");
        assert_eq!(space("中 文 文 本"), "中文文本");
        assert_eq!(space("中 文"), "中 文");
        assert_eq!(space("标题：中 文 文 本。"), "标题：中文文本。");
        // (Not the cells of a row, among words spaced apart: a short run keeps its spaces.)
        assert_eq!(
            space("排名 球队 场次 胜 平 负 积分"),
            "排名 球队 场次 胜 平 负 积分"
        );
        assert_eq!(space("字号 大 中 小"), "字号 大 中 小");
        assert_eq!(space("本 公 司 成 立 于 北 京"), "本公司成立于北京");
        assert_eq!(
            space("关键环节 。 文 献 [3] 指 出 ，"),
            "关键环节。文献 [3] 指出，"
        );
        assert_eq!(space("使用 （数据库） 来"), "使用（数据库）来");
        // A middle dot standing apart separates a line's items, and keeps its spaces.
        assert_eq!(
            space("赞同 2.3K ・ 评论 186 条 ・ 收藏"),
            "赞同 2.3K ・ 评论 186 条 ・ 收藏"
        );
        assert_eq!(space("张三 ・李四"), "张三・李四");
        assert_eq!(
            space("用Go写：\n```go\nfmt.Println(\"你好world\")\n```"),
            "用 Go 写：\n```go\nfmt.Println(\"你好world\")\n```"
        );
        assert_eq!(space("１秒あたり5万"), "１秒あたり5万");
    }
}
