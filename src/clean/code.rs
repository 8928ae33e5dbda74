//! Markdown code blocks, fenced (```` ``` ````) and indented, whose lines cleaning leaves
//! as they are: indentation, runs of spaces and punctuation are the code's own.
//!
//! Tilde fences (`~~~`) are Markdown too, but a line of tildes is also a separator in
//! plain text (`~~~~~~~~`), and two of them would hide the prose between them from
//! cleaning: only backtick fences count.

use std::ops::Range;

/// The lines inside the fenced code blocks of `text` (without the fence lines), as one byte
/// range per block that has any text, in order. A fence is a line of at least three backticks with no backtick
/// after them; the block ends at a line of at least as many backticks and nothing else, or
/// at the end of the text, as CommonMark has it. Unlike CommonMark, a fence may be indented
/// by any number of spaces and tabs: cleaning trims indentation, which would make a fence
/// of an indented one (and fences inside list items are indented).
///
/// ~~~text
/// 示例：          <- cleaned
/// ```python       <- cleaned (a fence line)
///     x  =  1     <- left as it is
/// ```             <- cleaned
/// ~~~
///
/// The lines of indented code ([`indented`]) are blocks too, one per line, and so are lines
/// of code in prose ([`statements`]).
///
/// A part of a longer text may begin in the code of a fence that the parts before left open:
/// `fence` is its length ([`open_fence_after`] them), `None` for a whole text or a part
/// that begins outside code.
pub(crate) fn blocks(text: &str, fence: Option<usize>) -> Vec<Range<usize>> {
    let mut fenced = fenced(text, fence);
    if fence.is_none()
        && let Some(yaml) = front_matter(text)
    {
        fenced.retain(|r| r.start >= yaml.end);
        fenced.insert(0, yaml);
    }
    let mut out = indented(text, &fenced);
    if !out.is_empty() {
        out.extend(fenced);
        out.sort_unstable_by_key(|r| r.start);
    } else {
        out = fenced;
    }
    let lines = statements(text, &out);
    if !lines.is_empty() {
        out.extend(lines);
        out.sort_unstable_by_key(|r| r.start);
    }
    let rows = csv_rows(text, &out);
    if !rows.is_empty() {
        out.extend(rows);
        out.sort_unstable_by_key(|r| r.start);
    }
    out
}

/// The rows of comma-separated data in prose, outside the `blocks` (sorted): three lines or
/// more in a row that each part four fields or more with as many ASCII commas, no space
/// after them, no CJK mark among them and no field longer than a cell's 64 bytes, the
/// rows after the first (a header's) with numbers or dates in the same columns
/// (`1,张伟,研发部,2021-03-15,25000,Java后端`). Their commas are the data's: a reader of
/// CSV parts the fields at them. (Not lines of prose typed with ASCII commas alike,
/// `小明的成绩是90,85,92,他很满意`: a table has more rows.)
fn csv_rows(text: &str, blocks: &[Range<usize>]) -> Vec<Range<usize>> {
    const CELL: usize = 64;
    let b = text.as_bytes();
    let mut out = Vec::new();
    // (Few commas or one line, no table: most texts end here.)
    if memchr::memchr(b'\n', b).is_none() || memchr::memchr_iter(b',', b).nth(5).is_none() {
        return out;
    }
    // A row's commas (outside double quotes) and its columns that hold a number or a date.
    let row = |line: &[u8]| -> Option<(usize, u64)> {
        // (Not a Markdown table's row, nor numbers with thousands separators, `1,200,000`.)
        let thousands = |i: usize| {
            i > 0
                && line[i - 1].is_ascii_digit()
                && line.len() >= i + 4
                && line[i + 1..i + 4].iter().all(u8::is_ascii_digit)
                && !line.get(i + 4).is_some_and(u8::is_ascii_digit)
        };
        if line.is_empty()
            || line.ends_with(b".")
            || memchr::memchr(b'|', line).is_some()
            || memchr::memchr_iter(b',', line).any(thousands)
        {
            return None;
        }
        let (mut commas, mut numbers, mut quoted, mut from) = (0, 0u64, false, 0);
        for i in 0..=line.len() {
            match line.get(i) {
                Some(b'"') => quoted = !quoted,
                Some(b',') if !quoted => {}
                None => {}
                Some(_) => continue,
            }
            let field = &line[from..i];
            if field.len() > CELL || field.first() == Some(&b' ') {
                return None;
            }
            let number = field.first().is_some_and(u8::is_ascii_digit)
                && field
                    .iter()
                    .all(|&x| x.is_ascii_digit() || matches!(x, b'-' | b'.' | b'/' | b':'));
            if number && commas < 64 {
                numbers |= 1 << commas;
            }
            commas += usize::from(i < line.len());
            from = i + 1;
        }
        (commas >= 3 && !has_cjk_mark(line)).then_some((commas, numbers))
    };
    let mut lines = Vec::new();
    let mut start = 0;
    while start < b.len() {
        let end = memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |p| start + p);
        let line = &b[start..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        lines.push((start..start + line.len(), row(line)));
        start = end + 1;
    }
    let mut k = 0;
    while k < lines.len() {
        let Some((commas, _)) = lines[k].1 else {
            k += 1;
            continue;
        };
        let columns = lines.get(k + 1).and_then(|l| l.1).map_or(0, |(_, n)| n);
        let mut e = k + 1;
        while e < lines.len()
            && columns != 0
            && lines[e].1.is_some_and(|(c, n)| c == commas && n == columns)
        {
            e += 1;
        }
        if e - k >= 3 && !lines[k..e].iter().any(|(r, _)| covers(blocks, r.start)) {
            out.extend(lines[k..e].iter().map(|(r, _)| r.clone()));
        }
        k = e.max(k + 1);
    }
    out
}

/// Whether `b` (a line of text) holds a CJK punctuation mark (`，`, `。`, `：` …).
fn has_cjk_mark(b: &[u8]) -> bool {
    std::str::from_utf8(b).is_ok_and(|s| {
        s.chars()
            .any(|c| crate::script::class(c) == crate::script::Class::CjkPunct)
    })
}

/// The lines of a document's YAML front matter, between a first line `---` and the next
/// line `---` or `...` (within 8 KiB), its first line a key and its colon (`title: 标题`,
/// `tags: [教程, 中文处理]`): data, whose marks YAML reads.
fn front_matter(text: &str) -> Option<Range<usize>> {
    let body = text.strip_prefix("---\n")?;
    let start = text.len() - body.len();
    let first = body.lines().next()?;
    let key = first.find(':').filter(|&k| {
        k > 0
            && first[..k]
                .bytes()
                .all(|x| x.is_ascii_alphanumeric() || matches!(x, b'_' | b'-'))
            && first[k + 1..].chars().next().is_none_or(|c| c == ' ')
    });
    key?;
    let mut at = start;
    for line in text[start..].split_inclusive('\n') {
        if at - start > 8192 {
            return None;
        }
        if matches!(line.trim_end(), "---" | "...") {
            return (at > start + 1).then(|| start..at - 1);
        }
        at += line.len();
    }
    None
}

/// The length of the fence left open at the end of `text`, given the one open at its start
/// (a part of a longer text begins in the code of a fence the part before left open).
pub(crate) fn open_fence_after(text: &str, fence: Option<usize>) -> Option<usize> {
    if memchr::memchr(b'`', text.as_bytes()).is_none() {
        return fence;
    }
    text.split('\n').fold(fence, |open, line| {
        after_line(open, line.trim_end_matches('\r'))
    })
}

/// The lines inside fenced code blocks, the text begun inside a fence of `open` backticks
/// or not: see [`blocks`].
fn fenced(text: &str, open: Option<usize>) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    // (Content start 0: the text begins in the fence's code.)
    let mut open: Option<(usize, usize)> = open.map(|n| (n, 0));
    // Most texts have no backtick at all.
    let Some(first) = memchr::memchr(b'`', b) else {
        if open.is_some() && !b.is_empty() {
            out.push(0..b.len());
        }
        return out;
    };
    let mut start = if open.is_some() {
        0
    } else {
        b[..first]
            .iter()
            .rposition(|&x| x == b'\n')
            .map_or(0, |p| p + 1)
    };
    while start <= b.len() {
        let end = memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |p| start + p);
        let line = &text[start..end];
        match (open, after_line(open.map(|(n, _)| n), line)) {
            (None, Some(n)) => open = Some((n, end + 1)),
            (Some((_, from)), None) => {
                // Up to the line break before the closing fence.
                if start > from + 1 {
                    out.push(from..start - 1);
                }
                open = None;
            }
            _ => {}
        }
        if end == b.len() {
            break;
        }
        start = end + 1;
        if open.is_none() {
            // Straight to the next line holding a backtick.
            match memchr::memchr(b'`', &b[start..]) {
                Some(p) => {
                    start = b[..start + p]
                        .iter()
                        .rposition(|&x| x == b'\n')
                        .map_or(0, |q| q + 1)
                }
                None => break,
            }
        }
    }
    if let Some((_, from)) = open
        && from < b.len()
    {
        out.push(from..b.len());
    }
    out
}

/// The lines of indented code, outside the `fenced` blocks, each as one range (its whole
/// line): as Markdown has it, a line indented by four spaces or a tab, without CJK letters
/// (ideographs, kana, Hangul), after a blank line, and the indented lines after it; and, as
/// code is pasted into plain text, a line without them, and no list item, indented by two
/// spaces or more right under a line that opens a block ([`opens_block`]), and the lines
/// indented after it. A
/// line with CJK letters starts no block: indented Chinese prose is common; but code goes
/// on through one (`        print("你好")`). The first line of a text starts none either (a
/// text cut into lines or paragraphs would make code of every indented one). The same lines
/// are found once the stages have run: they keep their indentation, the blank line before
/// them, their CJK letters and the end of the line above them, which no stage after
/// normalization adds or removes (punctuation may make a colon or bracket full-width).
///
/// ~~~text
/// 示例：                  <- cleaned
///
///     def f():           <- left as it is
///         print("你好")   <- left as it is
/// for f in files:        <- cleaned
///     print(f)           <- left as it is
/// ~~~
fn indented(text: &str, fenced: &[Range<usize>]) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let blank = |x: u8| x == b' ' || x == b'\t';
    // Most texts have no line after the first indented by a tab or two spaces.
    let indented_line = |p: usize| {
        let indent = b[p + 1..].iter().take_while(|&&x| blank(x));
        indent.clone().count() >= 2 || indent.into_iter().any(|&x| x == b'\t')
    };
    if !memchr::memchr_iter(b'\n', b).any(indented_line) {
        return out;
    }
    // Where the last line with content ended, whether it was indented code, and the least
    // indentation that goes on with its block.
    let mut last_end: Option<usize> = None;
    let mut in_block = false;
    let mut least = 4;
    // Whether the block was pasted under a line that opens it, not set off by a blank line.
    let mut pasted = false;
    // The last line with content, whole.
    let mut last_line: Option<Range<usize>> = None;
    let mut start = 0;
    while start <= b.len() {
        let end = memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |p| start + p);
        if last_end.is_some() && covers(fenced, start) {
            last_end = Some(end);
        } else if let Some(a) = (start..end).find(|&k| !blank(b[k])) {
            let e = (a..end).rfind(|&k| !blank(b[k])).map_or(a, |k| k + 1);
            let after_blank =
                last_end.is_some_and(|p| b[p..a].iter().filter(|&&x| x == b'\n').count() >= 2);
            let indent = &b[start..a];
            let deep = |least: usize| indent.len() >= least || indent.contains(&b'\t');
            // Code pasted without a blank line before it: indented under a line that opens
            // a block (`def main():`, `config:`, `if (x) {`), by two spaces or more; not a
            // list item, whose indentation is the list's (`Day 1:` then `  • 14:35 到达`).
            // Its first line reads as code ([`looks_like_code`]); the block ends at a blank
            // line or at a line that begins with text other than ASCII (Chinese prose
            // indented under it: `公式如下：` / `  F = ma` / `  其中F表示力`).
            // (Or its first line is ASCII but for its strings and comment, under a line of
            // ASCII code: `def f(x):` / `    return x`.)
            // (Or the frames of a stack trace pasted under its error, whatever that line
            // ends with: `TypeError: …` / `    at App (App.jsx:12:20)`; the error line is
            // the trace's too, a message, not prose.)
            let frame = || stack_frame(&b[a..e]);
            // (Read with the marks punctuation may make ASCII as that ASCII, so that a line
            // is code or not alike before and after: `\t```\t```，`.)
            let code = || without_strings(before_comment(&narrow(&text[a..e])));
            let opened = !in_block
                && !after_blank
                && deep(2)
                && ((last_end.is_some_and(|p| opens_block(&text[..p]))
                    && !super::whitespace::list_item(&b[a..e])
                    && {
                        let code = code();
                        looks_like_code(&code)
                            || ((code.is_ascii() || aside(&b[a..e]))
                                && last_end.is_some_and(|p| code_line_before(b, p)))
                    })
                    || (last_end.is_some() && frame()));
            // (Chinese on a line of it, outside a comment or a string, is prose.)
            let prose = || {
                let code = before_comment(&b[a..e]);
                let comment = code.starts_with(b"#") || code.starts_with(b"//");
                has_cjk_letters(code) && !comment && !code.iter().any(|&x| x == b'"' || x == b'\'')
            };
            if in_block && pasted && (after_blank || !b[a].is_ascii() || prose()) {
                in_block = false;
            }
            // (A fence line is a fence's, at any indentation: see [`blocks`].)
            let fence = b[a] == b'`' && fence(&text[a..e]).is_some();
            // (CJK letters in a string make no prose of a line of code: `print("你好")`.)
            // (A line that opens a block is code, its strings and comment aside.)
            let indented = (deep(if in_block { least } else { 4 }) || opened)
                && !fence
                && (in_block || opened || !has_cjk_letters(before_comment(&b[a..e])) || {
                    let code = code();
                    !has_cjk_letters(&code) && looks_like_code(&code)
                });
            if indented && !in_block {
                (least, pasted) = if opened { (2, true) } else { (4, false) };
            }
            let traced = opened && !in_block && frame();
            in_block = indented && (in_block || after_blank || opened);
            if in_block {
                // (An error line of ASCII: not Chinese prose that introduces the trace.)
                if let Some(error) = last_line.filter(|r| traced && b[r.clone()].is_ascii())
                    && out.last() != Some(&error)
                {
                    out.push(error);
                }
                out.push(start..end);
            }
            last_end = Some(e);
            last_line = Some(start..end);
        }
        start = end + 1;
    }
    out
}

/// Whether a line (indentation aside) is a frame of a stack trace, as JavaScript, Java or
/// C# print one: `at`, a name, and its place in a file, a line number after a colon, in
/// brackets (`at App (App.jsx:12:20)`, `at com.example.Main.run(Main.java:10)`).
fn stack_frame(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"at ") else {
        return false;
    };
    let Some(open) = rest.iter().position(|&x| x == b'(') else {
        return false;
    };
    let place = &rest[open..];
    open > 0
        && line.is_ascii()
        && place.ends_with(b")")
        && place
            .windows(2)
            .any(|w| w[0] == b':' && w[1].is_ascii_digit())
}

/// Whether a line (the text up to its end) opens a block of code under it: it ends with a
/// colon (Python, YAML; full-width once cleaned), an open bracket or a line continuation.
fn opens_block(line: &str) -> bool {
    line.ends_with([':', '：', '{', '[', '(', '（', '\\'])
}

/// Whether a line (its text, indentation aside) reads as code rather than English prose
/// indented under a lead-in (`他说道：` / `  Hello , world !`, `  Email: a@b.com`): ASCII,
/// outside its strings, with a mark of code (`=`, `;`, `{ }`, `< >`, a call `f(`, a variable
/// `$HOME`, an option ` -m`, ` --port`), a lowercase key and its colon (`max_len: 512`, YAML; `"name":`, JSON), or opening
/// a block itself (`for f in files:`).
fn looks_like_code(line: &[u8]) -> bool {
    // (What a line says in its strings and names in its paths is no part of its code: `git
    // commit --message "修复登录bug"`, `--data ./data/中文语料`.)
    let code = without_strings(line);
    if !code
        .split(|&x| x == b' ')
        .all(|w| w.is_ascii() || w.contains(&b'/'))
    {
        return false;
    }
    let line = &code[..];
    let word = |x: u8| x.is_ascii_alphanumeric() || x == b'_';
    let key = line
        .iter()
        .position(|&x| !(word(x) || matches!(x, b'-' | b'.')))
        .is_some_and(|k| {
            k > 0
                && line[0].is_ascii_lowercase()
                && line[k] == b':'
                && line.get(k + 1).is_none_or(|&x| x == b' ')
        });
    let mark = line.iter().enumerate().any(|(k, &x)| {
        let next = line.get(k + 1).copied().unwrap_or(b' ');
        match x {
            b'=' | b';' | b'{' | b'}' | b'<' | b'>' => true,
            b'(' => k > 0 && word(line[k - 1]),
            b'$' => next.is_ascii_alphabetic() || matches!(next, b'{' | b'('),
            // (A short option, or a long one of a command, which begins in lowercase or with
            // a path: `-m`, `--port`; not a dash in prose, `"Stay hungry" --Steve Jobs`.)
            b'-' => {
                k > 0
                    && line[k - 1] == b' '
                    && (next.is_ascii_alphabetic()
                        || (next == b'-'
                            && line.get(k + 2).is_some_and(u8::is_ascii_lowercase)
                            && (line[0].is_ascii_lowercase() || matches!(line[0], b'.' | b'/'))))
            }
            _ => false,
        }
    });
    // (A JSON key: `"name": "demo",`.)
    let json = line.starts_with(b"\"") && line.windows(2).any(|w| w == b"\":");
    key || json
        || mark
        || statement(line)
        || opens_block(std::str::from_utf8(line).unwrap_or_default())
}

/// Whether a line is a statement that no mark of code shows: an import of modules
/// (`import os`, `from flask import Flask`, `import numpy as np`) or a query's first clause
/// in SQL's capitals (`SELECT name, age`, `INSERT INTO users`).
fn statement(line: &[u8]) -> bool {
    let module = |w: &[u8]| {
        !w.is_empty()
            && w.iter()
                .all(|&x| x.is_ascii_alphanumeric() || matches!(x, b'_' | b'.' | b','))
    };
    let mut words = line.split(|&x| x == b' ').filter(|w| !w.is_empty());
    match words.next() {
        // (Not prose: `import the data into Excel`.)
        Some(b"import") => {
            let rest: Vec<&[u8]> = words.collect();
            matches!(rest.as_slice(), [m] | [m, b"as", _] if module(m))
                && rest.iter().all(|w| module(w))
        }
        Some(b"from") => words.next().is_some_and(module) && words.next() == Some(b"import"),
        Some(b"SELECT" | b"UPDATE") => words.next().is_some(),
        Some(b"INSERT" | b"DELETE" | b"CREATE" | b"DROP" | b"ALTER") => words
            .next()
            .is_some_and(|w| matches!(w, b"INTO" | b"FROM" | b"TABLE" | b"INDEX" | b"VIEW")),
        _ => false,
    }
}

/// Whether the line that ends at byte `end` of `b` is ASCII code ([`looks_like_code`] by
/// a mark of code, not by its colon alone: `Example usage:` opens no code; or a Python
/// statement that opens a block, `for f in files:`).
fn code_line_before(b: &[u8], end: usize) -> bool {
    let start = memchr::memrchr(b'\n', &b[..end]).map_or(0, |p| p + 1);
    let line = b[start..end].trim_ascii();
    // (`for` with its `in`, not `for example:`.)
    let has = |w: &[u8]| line.windows(w.len()).any(|x| x == w);
    let python = line.ends_with(b":")
        && ((line.starts_with(b"for ") && has(b" in "))
            || [
                &b"if "[..],
                b"elif ",
                b"else:",
                b"while ",
                b"with ",
                b"def ",
                b"class ",
                b"try:",
                b"except",
                b"finally:",
                b"async ",
            ]
            .iter()
            .any(|k| line.starts_with(k)));
    line.is_ascii() && (python || looks_like_code(line.strip_suffix(b":").unwrap_or(line)))
}

/// Whether a line (its indentation aside) is a comment alone (`# 跳过隐藏文件`, `// 日志`,
/// `/* 成功 */`) or a string alone, a docstring (`"""计算平方."""`): code whatever its
/// language, under a line of code.
fn aside(line: &[u8]) -> bool {
    line.starts_with(b"#")
        || line.starts_with(b"//")
        || line.starts_with(b"/*")
        || line.starts_with(b"* ")
        || {
            let code = without_strings(line);
            !code.is_empty() && code.iter().all(|&x| matches!(x, b'"' | b'\''))
        }
}

/// `line` without the text inside its quotes (`print("你好")` -> `print("")`): what a line
/// of code says in its strings is no part of its code.
fn without_strings(line: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(line.len());
    let mut quote = None;
    for (k, &x) in line.iter().enumerate() {
        match quote {
            Some(q) if x != q => continue,
            Some(_) => quote = None,
            // (An apostrophe after a letter opens no string: `don't`.)
            None if x == b'"'
                || (x == b'\'' && !(k > 0 && line[k - 1].is_ascii_alphanumeric())) =>
            {
                quote = Some(x)
            }
            None => {}
        }
        out.push(x);
    }
    out
}

/// The lines of code in prose, outside the `blocks` (sorted): a line that is ASCII but for
/// its strings and its comment, which hold CJK letters, and that reads as a statement: an
/// assignment, a call or braces, or a `;` at its end (`fruits = ["苹果", "香蕉"]`,
/// `console.log("加载完成:", data);`, `int n = 0; // 计数器`). Its marks are the code's.
fn statements(text: &str, blocks: &[Range<usize>]) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let statement = |code: &[u8]| {
        let call = memchr::memchr_iter(b'(', code)
            .any(|p| p > 0 && (code[p - 1].is_ascii_alphanumeric() || code[p - 1] == b'_'));
        memchr::memchr3(b'=', b'{', b'}', code).is_some()
            || call
            || code.trim_ascii_end().ends_with(b";")
    };
    let mut start = 0;
    while start < b.len() {
        let end = memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |p| start + p);
        let raw = &b[start..end];
        // (Read first up to its first CJK letter, which must be in a string or a comment:
        // a quote or a comment mark before it, full-width or not. Prose has none.)
        // (Inside a string: after an odd number of quotes, as [`without_strings`] reads
        // them, an apostrophe after a letter being none, `don't`.)
        let opened = || {
            first_cjk_letter(raw).is_some_and(|k| {
                let before = &raw[..k];
                let apostrophe = |p: usize| p > 0 && before[p - 1].is_ascii_alphanumeric();
                memchr::memchr_iter(b'"', before).count() % 2 == 1
                    || memchr::memchr_iter(b'\'', before)
                        .filter(|&p| !apostrophe(p))
                        .count()
                        % 2
                        == 1
                    || memchr::memchr2(b'#', b'/', before).is_some()
                    || ini_comment(before)
                    || memchr::memchr_iter(0xEF, before).any(|p| {
                        matches!(
                            before.get(p + 1..p + 3),
                            Some([0xBC, 0x82 | 0x87 | 0x83 | 0x8F])
                        )
                    })
            })
        };
        // (And a mark of a statement, full-width or not: `ｆ(x)`, `（`, `＝`, `；`.)
        let marked = || {
            statement(raw)
                || memchr::memchr_iter(0xEF, raw).any(|p| {
                    matches!(
                        raw.get(p + 1..p + 3),
                        Some([0xBC, 0x9D | 0x88 | 0x9B] | [0xBD, 0x9B | 0x9D])
                    ) || (raw.get(p + 3) == Some(&b'(')
                        && matches!(raw.get(p + 1), Some(0xBC | 0xBD)))
                })
        };
        if opened() && marked() && !covers(blocks, start) {
            // (Full-width forms are read as ASCII, `ｘ(1)`: punctuation may make them
            // ASCII, and a line must not become code once cleaned.)
            let line = narrow(&text[start..end]);
            let code = without_strings(before_comment(line.trim_ascii()));
            if code.is_ascii() && statement(&code) {
                out.push(start..end);
            }
        }
        start = end + 1;
    }
    out
}

/// Whether `before`, a line up to its first CJK letter, is an INI file's key, its value and
/// the ` ; ` of a comment that the letter begins (`charset = utf8mb4 ; 支持`): a key of two
/// characters or more, not a formula's variable (`x = 1 ; y = 2,求`, `k = 0.5 ; 此时`).
fn ini_comment(before: &[u8]) -> bool {
    let Some(p) = memchr::memmem::rfind(before, b" ; ") else {
        return false;
    };
    let key = memchr::memchr(b'=', &before[..p]).map(|e| before[..e].trim_ascii());
    before[p + 3..].trim_ascii().is_empty()
        && key.is_some_and(|k| {
            k.len() >= 2
                && k.iter()
                    .all(|&x| x.is_ascii_alphanumeric() || matches!(x, b'_' | b'.' | b'-'))
        })
}

/// Where the first ideograph, kana or Hangul syllable of `b` starts (see
/// [`has_cjk_letters`]).
fn first_cjk_letter(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    loop {
        i = crate::script::find_any(b, i, [], true);
        let x = *b.get(i)?;
        if cjk_lead(x, b.get(i + 1).copied().unwrap_or(0)) {
            return Some(i);
        }
        i += 1;
    }
}

/// `line` with the marks punctuation may make ASCII ([`punct::narrow`]: full-width forms,
/// `ｘ`, `（`, `；`, and full stops) as that ASCII.
fn narrow(line: &str) -> std::borrow::Cow<'_, [u8]> {
    if memchr::memchr2(0xEF, 0xE3, line.as_bytes()).is_none() {
        return line.as_bytes().into();
    }
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match super::punct::narrow(c) {
            Some(ascii) => out.push_str(ascii),
            None => out.push(c),
        }
    }
    out.into_bytes().into()
}

/// The code of a line before a trailing comment (`x = fib(10)  # 计算第10项`): the text
/// before a ` #` or ` //` that follows some code. A Chinese comment makes no prose of it.
fn before_comment(line: &[u8]) -> &[u8] {
    let mut from = 1;
    while let Some(p) = memchr::memchr3(b'#', b'/', b';', line.get(from..).unwrap_or_default()) {
        let p = from + p;
        // (An INI file's `;` between spaces too: `charset = utf8mb4 ; 支持`.)
        let ini = line[p] == b';' && line.get(p + 1) == Some(&b' ');
        if line[p - 1] == b' ' && (line[p] == b'#' || line[p + 1..].starts_with(b"/") || ini) {
            return &line[..p];
        }
        from = p + 1;
    }
    line
}

/// Whether `b` holds an ideograph (U+4000..U+9FFF), kana (U+3040..U+30FF) or a Hangul
/// syllable (U+AC00..U+D7FF): what no stage after normalization adds or removes.
fn has_cjk_letters(b: &[u8]) -> bool {
    let next = b.iter().skip(1).chain([&0]);
    b.iter().zip(next).any(|(&x, &y)| cjk_lead(x, y))
}

/// Whether lead byte `x`, `y` after it, starts a CJK letter (see [`has_cjk_letters`]).
fn cjk_lead(x: u8, y: u8) -> bool {
    match x {
        0xE4..=0xE9 | 0xEB..=0xED => true,
        0xEA => y >= 0xB0,
        0xE3 => (0x81..=0x83).contains(&y),
        _ => false,
    }
}

/// A fence line: how many backticks, and whether it could close a block (nothing after
/// them but spaces and tabs). Its info string holds no backtick.
pub(crate) fn fence(line: &str) -> Option<(usize, bool)> {
    let body = line.trim_start_matches([' ', '\t']);
    let n = body.bytes().take_while(|&x| x == b'`').count();
    let rest = &body[n..];
    if n < 3 || rest.contains('`') {
        return None;
    }
    Some((n, rest.trim_matches([' ', '\t', '\r']).is_empty()))
}

/// The fence length of the block open after `line`, given the one open before it: a
/// stream's reading of [`blocks`], a line at a time.
pub(crate) fn after_line(open: Option<usize>, line: &str) -> Option<usize> {
    match (open, fence(line)) {
        (None, Some((n, _))) => Some(n),
        (Some(n), Some((m, true))) if m >= n => None,
        (open, _) => open,
    }
}

/// Whether a line starting at byte `p` is inside one of `blocks` (sorted, as [`blocks`]
/// gives them; a blank last line starts at the end of its block's range).
pub(crate) fn covers(blocks: &[Range<usize>], p: usize) -> bool {
    let k = blocks.partition_point(|r| r.end < p);
    blocks.get(k).is_some_and(|r| r.start <= p && p <= r.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside(text: &str) -> Vec<&str> {
        blocks(text, None).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn rows_of_comma_separated_data() {
        let table = "员工名单：\n编号,姓名,部门,入职日期,薪资\n1,张伟,研发部,2021-03-15,25000\n2,李娜,市场部,2020-07-01,18000\n以上。";
        assert_eq!(
            inside(table),
            [
                "编号,姓名,部门,入职日期,薪资",
                "1,张伟,研发部,2021-03-15,25000",
                "2,李娜,市场部,2020-07-01,18000"
            ]
        );
        // Not prose typed with ASCII commas, lines of as many clauses without a number.
        assert!(
            inside(
                "今天天气很好,我们去公园,然后吃饭,很开心\n明天天气也好,我们去爬山,然后喝茶,很开心"
            )
            .is_empty()
        );
        assert!(
            inside("小明的成绩是90,85,92,他很满意\n小红的成绩是88,95,79,她有点失望").is_empty()
        );
        // Nor a row alone, nor rows of different widths, nor a Markdown table's rows, nor
        // numbers with thousands separators.
        assert!(inside("说明\n1,张伟,研发部,2021-03-15,25000\n完").is_empty());
        assert!(inside("1,张伟,研发部,2021-03-15\n2,李娜,市场部,2020-07-01,18000").is_empty());
        assert!(inside("| a,b,c,1 |\n| d,e,f,2 |").is_empty());
        assert!(inside("销量1,200,000件,2,450,000元\n销量3,100,000件,4,200,000元").is_empty());
    }

    #[test]
    fn backtick_fences() {
        assert_eq!(
            inside("说明：\n```python\ndef f():\n    return  1\n```\n之后"),
            ["def f():\n    return  1"]
        );
        // A closing fence is at least as long as the opening one.
        assert_eq!(inside("````\n```\nx\n````"), ["```\nx"]);
        // Lines of tildes are separators in plain text.
        assert!(inside("~~~~~~\n一段 话,\n~~~~~~").is_empty());
        // Two blocks, one of them empty.
        assert_eq!(inside("```\na\n```\n中文\n```\n```"), ["a"]);
        assert_eq!(inside("```\n\n```\n```\n \n```"), [" "]);
        // Indented, as in a list item: cleaning trims the indentation of the fence lines.
        assert_eq!(
            inside("1. 步骤\n\n    ```\n    x  =  1\n    ```"),
            ["    x  =  1"]
        );
        assert_eq!(inside("\t```\nx\n```"), ["x"]);
    }

    #[test]
    fn indented_code() {
        let md = "示例：\n\n    def f():\n        print(\"你好\")\n\n\tx = f()  \n之后\n\n    缩进的中文";
        assert_eq!(
            inside(md),
            ["    def f():", "        print(\"你好\")", "\tx = f()  "]
        );
        // Not the first line, nor without a blank line before it, nor ideographs first.
        assert!(blocks("    a = 1", None).is_empty());
        assert!(blocks("说明\n    a = 1", None).is_empty());
        assert!(blocks("说明\n\n    缩进的中文\n    a = 1", None).is_empty());
        assert!(blocks("説明\n\n    これはテストです\n\n    한국어 문장", None).is_empty());
        // Under a line that opens a block, without a blank line before: code pasted into
        // plain text, indented by two spaces or more, until a line less indented.
        let py = "for f in files:\n    if f:\n        print(f)\n  x = 1\n\tdone()\ny = 2\n  z";
        assert_eq!(
            inside(py),
            ["    if f:", "        print(f)", "  x = 1", "\tdone()"]
        );
        let cfg = "配置如下：\n  model: bert\n  opts: {\n    \"a\": 1\n  }\n完毕";
        assert_eq!(
            inside(cfg),
            ["  model: bert", "  opts: {", "    \"a\": 1", "  }"]
        );
        assert_eq!(inside("if (x) {\n  go();\n}"), ["  go();"]);
        // The frames of a stack trace under its error, and the error line, of ASCII.
        let js = "报错:\nTypeError: x is undefined (reading 'map')\n    at App (App.jsx:12:20)\n\tat run(Main.java:5)\n求助!";
        assert_eq!(
            inside(js),
            [
                "TypeError: x is undefined (reading 'map')",
                "    at App (App.jsx:12:20)",
                "\tat run(Main.java:5)"
            ]
        );
        assert_eq!(
            inside("报错如下\n  at App (App.jsx:1:2)"),
            ["  at App (App.jsx:1:2)"]
        );
        assert!(blocks("步骤:\n  at home (afternoon)", None).is_empty());
        // Not one space, nor under a line that opens nothing, nor CJK letters first.
        assert!(blocks("for f in files:\n print(f)", None).is_empty());
        assert!(blocks("说明。\n    a = 1", None).is_empty());
        assert!(blocks("说明：\n    缩进的中文", None).is_empty());
        // Nor English prose, quotations or a bare URL under a lead-in.
        assert!(blocks("他说道：\n  Hello , world !  How are you ?", None).is_empty());
        assert!(blocks("他问道：\n  “……”\n  她没有回答,低下了头.", None).is_empty());
        assert!(
            blocks(
                "1. 下载地址：\n   https://example.com/x\n   下载后解压.",
                None
            )
            .is_empty()
        );
        // A pasted block ends at a blank line, or at a line that begins in Chinese.
        assert_eq!(
            inside("公式如下：\n  F = ma\n  其中F表示力.\n\n  m = 1"),
            ["  F = ma"]
        );
        assert_eq!(inside("如下：\n  x = 1\n\n  说明,好的."), ["  x = 1"]);
        assert_eq!(
            inside("打印:\n  log(x)\n  log(\"启动\")\n  [INFO] 连接成功,耗时12ms."),
            ["  log(x)", "  log(\"启动\")"]
        );
        assert_eq!(
            inside("示例：\n  git commit -m x\n  然后执行"),
            ["  git commit -m x"]
        );
        assert_eq!(
            inside("代码：\n  x = 1\n  # 打印结果,输出1\n完"),
            ["  x = 1", "  # 打印结果,输出1"]
        );
        assert_eq!(
            inside("内容为{\n  \"name\": \"demo\",\n  \"desc\": \"示例项目,用于测试\"\n}"),
            ["  \"name\": \"demo\",", "  \"desc\": \"示例项目,用于测试\""]
        );
        // Nor do imports and queries, which show no mark of code.
        assert_eq!(
            inside("代码如下:\n    from flask import Flask\n    app = Flask(__name__)"),
            ["    from flask import Flask", "    app = Flask(__name__)"]
        );
        assert_eq!(
            inside("代码如下:\n    import numpy as np\n    x = np.zeros(3)"),
            ["    import numpy as np", "    x = np.zeros(3)"]
        );
        assert_eq!(
            inside("查询语句:\n    SELECT name, age\n    FROM users\n完"),
            ["    SELECT name, age", "    FROM users"]
        );
        // Labels, prices and names are no code, nor a sentence that imports.
        for prose in [
            "步骤：\n    import the data into Excel",
            "错误信息如下：\n  Error: file not found , please check .",
            "价格表：\n  Basic plan  $9.99/month",
            "英文名称：\n  China National Petroleum Corporation ( CNPC )",
        ] {
            assert!(blocks(prose, None).is_empty(), "{prose:?}");
        }
        // A Chinese comment after code makes no prose of its line.
        assert_eq!(
            inside("示例：\n\n    x = fib(10)  # 计算第10项\n    y = 2  // 中文"),
            ["    x = fib(10)  # 计算第10项", "    y = 2  // 中文"]
        );
        assert!(blocks("说明\n\n    中文 # 注释", None).is_empty());
        // Chinese in a string makes no prose of a line of code either, after a blank line
        // or under one that opens it; nor does a quotation make code of itself.
        assert_eq!(
            inside("def greet():\n    print(\"你好\")\n"),
            ["    print(\"你好\")"]
        );
        assert_eq!(inside("示例：\n\n    s = '中文'"), ["    s = '中文'"]);
        assert!(blocks("他说：\n\n    \"你好，世界\"", None).is_empty());
        // Under a line of code, a line without marks of code is code too.
        assert_eq!(
            inside("    def f(x):\n        return x\n"),
            ["        return x"]
        );
        assert_eq!(
            inside("if n < 2:\n        return n\n    return fib(n-1)"),
            ["        return n", "    return fib(n-1)"]
        );
        assert!(blocks("Example usage:\n  run the tests first", None).is_empty());
        // So is a comment or a docstring alone that opens a block under a line of code (or
        // under a Python statement that opens a block): the lines after it keep their depth.
        assert_eq!(
            inside("def f(x):\n    \"\"\"计算平方,返回结果.\"\"\"\n    return x * x"),
            ["    \"\"\"计算平方,返回结果.\"\"\"", "    return x * x"]
        );
        assert_eq!(
            inside("for f in files:\n    # 跳过隐藏文件\n    if f:\n        continue"),
            ["    # 跳过隐藏文件", "    if f:", "        continue"]
        );
        assert_eq!(
            inside("int f() {\n    /* 成功,返回 */\n    return 0;\n}"),
            ["    /* 成功,返回 */", "    return 0;"]
        );
        // (Not a quotation under a Chinese lead-in, nor a comment under English prose.)
        assert!(blocks("他说：\n  \"你好,世界.\"", None).is_empty());
        assert!(blocks("Note the following:\n  # 注意,这里", None).is_empty());
        assert!(blocks("for example:\n  # 注意,这里", None).is_empty());
        // A statement with Chinese in its strings or its comment, in prose; not prose with a
        // quotation, nor a line with Chinese outside them.
        let doc =
            "数组：\nfruits = [\"苹果\", \"香蕉\"]\nlog(\"完成:\", x);\nint n = 0; // 计数器\n";
        assert_eq!(
            inside(doc),
            [
                "fruits = [\"苹果\", \"香蕉\"]",
                "log(\"完成:\", x);",
                "int n = 0; // 计数器"
            ]
        );
        // An INI file's comment after its value.
        assert_eq!(
            inside("配置：\ncharset = utf8mb4 ; 支持emoji"),
            ["charset = utf8mb4 ; 支持emoji"]
        );
        // (Not a formula's working.)
        assert!(inside("x = 3 ; 代入原式得y = 7,所以答案是7").is_empty());
        assert!(inside("a = 3 ; b = 4,求斜边c的长度.").is_empty());
        // Full-width forms read as the ASCII that cleaning may make of them.
        assert_eq!(inside("ｘ(1) # 注释,说明"), ["ｘ(1) # 注释,说明"]);
        assert_eq!(inside("x = 1。 y # 注释"), ["x = 1。 y # 注释"]);
        for prose in [
            "他说\"我们走吧\"; 然后离开了.",
            "He said \"你好\" to me.",
            "I don't know 为什么 he's here; ok",
            "价格 = 100元;",
            "x = 1",
        ] {
            assert!(blocks(prose, None).is_empty(), "{prose:?}");
        }
        // YAML front matter is data.
        assert_eq!(
            inside("---\ntitle: 标题\ntags: [教程, 中文处理]\n---\n正文,好的."),
            ["title: 标题\ntags: [教程, 中文处理]"]
        );
        assert!(blocks("---\n说明,好的.\n---\n", None).is_empty());
        assert!(blocks("---\ntitle: 没有结束", None).is_empty());
        // A fence line is a fence's, and its lines one block.
        assert_eq!(
            inside("1. 安装\n\n    ```\n    pip  install\n    ```"),
            ["    pip  install"]
        );
    }

    #[test]
    fn not_fences() {
        // Inline code, a backtick in the info string, too short.
        assert!(blocks("用 ```code``` 行内", None).is_empty());
        assert!(inside("``` a`b\nx\n```").is_empty());
        assert!(blocks("``\nx\n``", None).is_empty());
        assert!(blocks("没有代码", None).is_empty());
        // A fence line with text after it does not close the block.
        assert_eq!(inside("```\nx\n``` y\n```"), ["x\n``` y"]);
    }

    #[test]
    fn unclosed_block_runs_to_the_end() {
        assert_eq!(inside("前言\n```\nx  =  1\n  y"), ["x  =  1\n  y"]);
        assert_eq!(inside("```"), Vec::<&str>::new());
        assert!(blocks("```\n", None).is_empty());
    }

    #[test]
    fn covers_positions_of_block_lines() {
        let text = "a\n```\nxy\n```\nb";
        let b = blocks(text, None);
        let p = text.find("xy").unwrap();
        assert!(covers(&b, p) && covers(&b, p + 2));
        assert!(!covers(&b, 0) && !covers(&b, text.len() - 1));
    }
}
