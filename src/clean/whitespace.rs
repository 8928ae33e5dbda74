//! Stage `whitespace`: runs of spaces become one space, and tabs are kept without the
//! spaces around them (but inside inline code),
//! lines are trimmed (but for the indentation of nested Markdown list items and of code
//! fences; code blocks, fenced or indented, are left whole), at most one blank line is kept
//! between paragraphs, and blank lines at both ends are removed.

use std::ops::Range;

use crate::align::Editor;
use crate::clean::{code, protect};
use crate::script::find_byte3;

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// The stage, given the code blocks of the text ([`code::blocks`]).
pub(crate) fn run(ed: &mut Editor, code: &[Range<usize>]) {
    let text = ed.input();
    let b = text.as_bytes();
    let n = b.len();
    let mut line_start = 0;
    // End of the last line that had content: everything between it and the next content
    // is one separator, rewritten as "\n" or "\n\n".
    let mut last_content_end: Option<usize> = None;
    let inline = protect::inline_code(text);
    // While the lines with content are list items and their continuations: the least
    // column their items' text starts at.
    let mut list: Option<usize> = None;
    // Where the text's last line with more than whitespace ends.
    let last_text = text.trim_end().len();
    while line_start <= n {
        let line_end = find_byte3(b, line_start, b'\n', b'\n', b'\n');
        // A line of a code block is kept whole, blank or not (the fence line before it is
        // content, so it follows a single line break; indented code follows a blank line),
        // but for the blank lines that end the text in a block left open (`\u{2028}`).
        // (A line of code in prose may be the text's first: see [`code::blocks`].)
        if !code.is_empty() && code::covers(code, line_start) {
            if line_start >= last_text && last_content_end.is_some() {
                break;
            }
            match last_content_end {
                Some(p) => {
                    let blank_before =
                        b[p..line_start].iter().filter(|&&x| x == b'\n').count() >= 2;
                    ed.replace(p..line_start, if blank_before { "\n\n" } else { "\n" });
                }
                None => ed.delete(0..line_start),
            }
            last_content_end = Some(line_end);
            line_start = line_end + 1;
            continue;
        }
        let mut a = line_start;
        while a < line_end && is_blank(b[a]) {
            a += 1;
        }
        let mut e = line_end;
        while e > a && is_blank(b[e - 1]) {
            e -= 1;
        }
        // A row of tab-separated columns keeps the tabs of its empty first and last columns
        // (`<TAB>日期<TAB>地区`, a table's index column as pandas prints it).
        let row = a < e && memchr::memchr(b'\t', &b[a..e]).is_some();
        let tabs_only = |r: &[u8]| !r.is_empty() && r.iter().all(|&x| x == b'\t');
        let (a, e) = if row {
            (
                if tabs_only(&b[line_start..a]) {
                    line_start
                } else {
                    a
                },
                if tabs_only(&b[e..line_end]) {
                    line_end
                } else {
                    e
                },
            )
        } else {
            (a, e)
        };
        if a < e {
            let after_blank = last_content_end
                .is_some_and(|p| b[p..a].iter().filter(|&&x| x == b'\n').count() >= 2);
            // A nested Markdown list item keeps its indentation: that is the list's nesting;
            // so does a fence, whose code may belong to a list item.
            let fence = b[a] == b'`' && code::fence(&text[a..e]).is_some();
            // So does the indented continuation of a list item (a paragraph of it after a
            // blank line, which would end the list without its indentation).
            let item = list_item(&b[a..e]);
            let indent = columns(&b[line_start..a]);
            let continued = !item && list.is_some_and(|at| indent >= at);
            list = if item {
                let marker = list_marker_len(&b[a..e]);
                let text_at = indent + columns(&b[a..a + marker]);
                Some(list.map_or(text_at, |at| at.min(text_at)))
            } else if continued {
                list
            } else {
                None
            };
            let keep = if fence || item || continued {
                line_start
            } else {
                a
            };
            match last_content_end {
                None => ed.delete(0..keep),
                Some(p) => ed.replace(p..keep, if after_blank { "\n\n" } else { "\n" }),
            }
            collapse(ed, b, a, e, &inline);
            last_content_end = Some(e);
        }
        line_start = line_end + 1;
    }
    ed.delete(last_content_end.unwrap_or(0)..n);
}

/// Whether the blank at byte `at` of `text` is the one after the Markdown list marker that
/// starts its line: that blank is syntax, and no stage removes it (`- 》` stays a list item).
pub(crate) fn after_list_marker(text: &str, at: usize) -> bool {
    let b = text.as_bytes();
    let line = memchr::memrchr(b'\n', &b[..at]).map_or(0, |p| p + 1);
    let Some(a) = (line..at).find(|&k| !is_blank(b[k])) else {
        return false;
    };
    list_item(&b[a..]) && !b[a..at].iter().any(|&x| is_blank(x))
}

/// Whether a line's text (from its first non-blank byte) starts with a Markdown list marker:
/// `-`, `*`, `+`, or a number and `.` or `)`, then a space or tab.
pub(crate) fn list_item(t: &[u8]) -> bool {
    list_marker_len(t) > 0
}

/// The length of the list marker that starts `t` with the blanks after it (0 if none):
/// where the item's text starts.
fn list_marker_len(t: &[u8]) -> usize {
    let digits = t.iter().take_while(|x| x.is_ascii_digit()).count();
    let marker = match t.first() {
        Some(b'-' | b'*' | b'+') => 1,
        // Bullets of pasted or converted lists: `·`, `•`, `‣`, `▪`, `◦`, `●`.
        Some(0xC2) if t.get(1) == Some(&0xB7) => 2,
        Some(0xE2)
            if matches!(
                t.get(1..3),
                Some([0x80, 0xA2 | 0xA3] | [0x96, 0xAA] | [0x97, 0xA6 | 0x8F])
            ) =>
        {
            3
        }
        _ if (1..=9).contains(&digits) && matches!(t.get(digits), Some(b'.' | b')')) => digits + 1,
        _ => return 0,
    };
    if !t.get(marker).is_some_and(|&x| is_blank(x)) {
        return 0;
    }
    marker + t[marker..].iter().take_while(|&&x| is_blank(x)).count()
}

/// The columns that blanks and marks take, a tab to the next multiple of four, a
/// character of several bytes one.
fn columns(t: &[u8]) -> usize {
    t.iter().fold(0, |c, &x| match x {
        b'\t' => c / 4 * 4 + 4,
        0x80..=0xBF => c,
        _ => c + 1,
    })
}

/// Runs of spaces inside `a..e` become a single space, but inside inline code; a run with
/// tabs keeps its tabs alone, which separate columns (`中文<TAB>English`, and an empty
/// column between two).
fn collapse(ed: &mut Editor, b: &[u8], a: usize, e: usize, inline: &[Range<usize>]) {
    let b = &b[..e];
    let mut j = a;
    loop {
        // A single space is already what it would become: only a tab, or a space before
        // another blank, starts a run to rewrite.
        j = next_run(b, j);
        if j >= e {
            return;
        }
        let s = j;
        while j < e && is_blank(b[j]) {
            j += 1;
        }
        if !inline.is_empty() && protect::covers(inline, s) {
            continue;
        }
        let tabs = b[s..j].iter().filter(|&&x| x == b'\t').count();
        if tabs == 0 {
            ed.replace(s..j, " ");
        } else if tabs < j - s {
            ed.replace(s..j, &"\t".repeat(tabs));
        }
    }
}

/// The first index at or after `i` of a tab or of a space followed by a blank.
fn next_run(b: &[u8], mut i: usize) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    // 0x80 in exactly the bytes of `w` equal to `x`.
    let eq = |w: u64, x: u8| {
        let v = w ^ (LO * u64::from(x));
        !(((v & LOW7) + LOW7) | v | LOW7)
    };
    while i + 8 <= b.len() {
        let mut a = [0u8; 8];
        a.copy_from_slice(&b[i..i + 8]);
        let w = u64::from_le_bytes(a);
        let space = eq(w, b' ');
        let tab = eq(w, b'\t');
        // A space whose next byte is blank; the last byte's next is not in `w`.
        let pair = space & (((space | tab) >> 8) | (HI << 56));
        let found = tab | pair;
        if found != 0 {
            i += (found.trailing_zeros() / 8) as usize;
            if b[i] == b'\t' || b.get(i + 1).is_some_and(|&x| is_blank(x)) {
                return i;
            }
            i += 1;
            continue;
        }
        i += 8;
    }
    while i < b.len() {
        if b[i] == b'\t' || (b[i] == b' ' && b.get(i + 1).is_some_and(|&x| is_blank(x))) {
            return i;
        }
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(s: &str) -> String {
        let mut ed = Editor::new(s);
        run(&mut ed, &code::blocks(s, None));
        ed.finish().map(|(s, _)| s).unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn indented_code_is_left_as_it_is() {
        let md = "示例：\n\n    def f():\n        return  1\n\n    x = f()\n\n之后";
        assert_eq!(ws(md), md);
        // The continuation of a list item keeps its indentation too; not a first line, nor
        // a line with Han in it.
        assert_eq!(ws("- 项目\n\n    more  text"), "- 项目\n\n    more  text");
        assert_eq!(
            ws("- 第一步:安装依赖\n\n  这一步需要联网,大概5分钟.\n\n结束"),
            "- 第一步:安装依赖\n\n  这一步需要联网,大概5分钟.\n\n结束"
        );
        assert_eq!(ws("    a  =  1"), "a = 1");
        assert_eq!(ws("说明\n\n    缩进的  中文"), "说明\n\n缩进的 中文");
        // Code goes on through a line with Han in it.
        let md =
            "示例：\n\n    def f():\n        print(\"你好，世界\")\n\n    # 注释  说明\n    f()";
        assert_eq!(ws(md), md);
        // Nor without a blank line before it, unless the line above opens a block.
        assert_eq!(ws("说明\n    a  =  1"), "说明\na = 1");
        let pasted = "代码如下:\ndef main():\n    for f in files:\n        print(f)\n  \nmain()";
        assert_eq!(ws(pasted), pasted.replace("\n  \n", "\n\n"));
        // A command with long options is code, whatever its strings and paths hold.
        let commands = "执行下面的命令:\n    python train.py --data ./data/中文语料 --epochs 10\n    git commit --amend --message \"修复登录bug,更新文档\"\n然后重启.";
        assert_eq!(ws(commands), commands);
        assert_eq!(
            ws("启动服务端:\n    fastkv-server --port 6380\n之后"),
            "启动服务端:\n    fastkv-server --port 6380\n之后"
        );
        // Not prose that quotes Chinese, nor a dash between words.
        assert_eq!(
            ws("他说:\n    He said \"你好\" -- twice"),
            "他说:\nHe said \"你好\" -- twice"
        );
        assert_eq!(
            ws("He wrote:\n    \"Stay  hungry\" --Steve Jobs, \"求知若饥\""),
            "He wrote:\n\"Stay hungry\" --Steve Jobs, \"求知若饥\""
        );
        assert_eq!(
            ws("Remember:\n    This is --really  important"),
            "Remember:\nThis is --really important"
        );
    }

    #[test]
    fn fences_keep_their_indentation() {
        assert_eq!(
            ws("1. 安装：\n\n    ```bash  \n    pip  install\n    ```\n"),
            "1. 安装：\n\n    ```bash\n    pip  install\n    ```"
        );
    }

    #[test]
    fn inline_code_keeps_its_blanks() {
        assert_eq!(ws("用  `a  =\t1`  赋值"), "用 `a  =\t1` 赋值");
        // An unpaired backtick is text.
        assert_eq!(ws("`a  b"), "`a b");
    }

    #[test]
    fn runs_found_like_byte_by_byte() {
        let s = "ab  c\td e \tf   g h i j k l m n o p q  r s\t\tt u v w x y z      ".repeat(3);
        let b = s.as_bytes();
        for i in 0..b.len() {
            let naive = (i..b.len())
                .find(|&j| {
                    b[j] == b'\t' || (b[j] == b' ' && b.get(j + 1).is_some_and(|&x| is_blank(x)))
                })
                .unwrap_or(b.len());
            assert_eq!(next_run(b, i), naive, "{i}");
        }
    }

    #[test]
    fn code_blocks_are_kept() {
        let s = "示例： \n```python  \ndef f(x):\n    if x:\n\n\n\n        return  x\t\n```\n\n\n后文  完";
        assert_eq!(
            ws(s),
            "示例：\n```python\ndef f(x):\n    if x:\n\n\n\n        return  x\t\n```\n\n后文 完"
        );
        // But for the blank lines that end the text in a block left open.
        assert_eq!(ws("```\nx = 1\n\n \n"), "```\nx = 1");
        assert_eq!(ws("```\n\u{2028}\n"), "```");
    }

    #[test]
    fn nested_list_items_keep_their_indentation() {
        let s = "步骤：\n  - 安装  依赖\n    1. 运行 `make`\n\t* 检查\n   \n  不是列表\n  -不是\n  2024年";
        assert_eq!(
            ws(s),
            "步骤：\n  - 安装 依赖\n    1. 运行 `make`\n\t* 检查\n\n不是列表\n-不是\n2024年"
        );
        assert_eq!(ws(&ws(s)), ws(s));
        // Bullets other than Markdown's, and the continuation of their items.
        let s = "Day 1:\n  • 14:35  Arrive\n    at the hotel\n    ◦ Check in\n  •not a list";
        assert_eq!(
            ws(s),
            "Day 1:\n  • 14:35 Arrive\n    at the hotel\n    ◦ Check in\n•not a list"
        );
    }

    #[test]
    fn list_marker_blank() {
        let s = "a - b\n  - 》x\n1.\t》\n-》 x";
        let at = |k: usize| after_list_marker(s, k);
        let found: Vec<usize> = (0..s.len())
            .filter(|&k| s.as_bytes()[k] == b' ' || s.as_bytes()[k] == b'\t')
            .filter(|&k| at(k))
            .collect();
        assert_eq!(found, [9, 17]);
    }

    #[test]
    fn collapses_and_trims() {
        assert_eq!(ws("  a   b \n\n\n\n c\t\n"), "a b\n\nc");
        // A tab separates columns: it stays, without the spaces around it, and so do the
        // tabs around an empty column.
        assert_eq!(ws("  a  \t b"), "a\tb");
        assert_eq!(
            ws("谢谢！\tThank you!\n1\t\t3\t \t5"),
            "谢谢！\tThank you!\n1\t\t3\t\t5"
        );
        // And a row's empty first and last columns (not a line's indentation by a tab).
        assert_eq!(
            ws("\t日期\t地区\n0\t2024-01\t华东\t\n\t缩进"),
            "\t日期\t地区\n0\t2024-01\t华东\t\n缩进"
        );
        assert_eq!(ws(" \t日期\t地区 "), "日期\t地区");
        assert_eq!(ws("a\n \nb"), "a\n\nb");
        assert_eq!(ws("a\nb"), "a\nb");
        assert_eq!(ws(" \n\t\n"), "");
        assert_eq!(ws(""), "");
    }
}
