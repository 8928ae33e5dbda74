//! Tokens that cleaning must leave as they are: inline code, inline TeX math, URLs, e-mail
//! addresses and file paths.

use std::ops::Range;

use crate::clean::code;
use crate::script::is_han;

/// Byte ranges of inline code, inline TeX math, URLs, e-mail addresses and file paths in
/// `text`, in order.
///
/// Inline code is Markdown's: from a run of backticks to the next run of as many on the
/// same line (`` `print("你好,世界")` ``), backticks included; its text is the code's own.
/// A URL, address or path inside it is part of it.
///
/// The target of a Markdown link or image is one token, up to the bracket that closes it
/// (`[常见问题](docs/FAQ.md#安装,配置)`).
///
/// Other tokens end at whitespace, at CJK punctuation, or at a Han character glued to the
/// end of an ASCII word (`访问https://example.com了解更多` ends before `了`), so that Han
/// text inside a path (`/wiki/北京`) stays part of it. Trailing sentence punctuation is not
/// part of the token, as in the autolinkers of GitHub and Slack.
pub(crate) fn find(text: &str) -> Vec<Range<usize>> {
    let mut out = links(text);
    // A URL inside a link's target is part of it; a token inside inline code is the code's.
    overlay(&mut out, link_targets(text));
    overlay(&mut out, inline_math(text));
    overlay(&mut out, templates(text));
    overlay(&mut out, inline_code(text));
    overlay(&mut out, subtitle_events(text));
    out
}

/// The fields of an ASS subtitle's event before its text (`Dialogue: 0,0:00:04.10,…,,`,
/// nine commas), and the override blocks (`{\i1}`), line breaks (`\N`, `\n`) and hard
/// spaces (`\h`) in its text: the format's, which a subtitle reader parts and reads, while
/// the text between is cleaned.
fn subtitle_events(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    // (Line by line: a search for each word would be set up for every line of prose.)
    for at in std::iter::once(0).chain(memchr::memchr_iter(b'\n', b).map(|i| i + 1)) {
        if !b[at..].starts_with(b"Dialogue:") && !b[at..].starts_with(b"Comment:") {
            continue;
        }
        let end = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |i| at + i);
        let line = &b[at..end];
        let Some(fields) = memchr::memchr_iter(b',', line).nth(8).map(|c| at + c + 1) else {
            continue;
        };
        out.push(at..fields);
        let mut from = fields;
        while let Some(p) = memchr::memchr(b'\\', &b[from..end]).map(|i| from + i) {
            if p > fields && b[p - 1] == b'{' {
                let Some(close) = memchr::memchr(b'}', &b[p..end]).map(|i| p + i + 1) else {
                    break;
                };
                out.push(p - 1..close);
                from = close;
            } else if p + 1 < end && matches!(b[p + 1], b'N' | b'n' | b'h') {
                out.push(p..p + 2);
                from = p + 2;
            } else {
                from = p + 1;
            }
        }
    }
    out.sort_unstable_by_key(|r| r.start);
    out
}

/// Template placeholders, `${…}` (shell, JavaScript, GitHub Actions' `${{ … }}`) and `{{…}}`
/// (Vue, Jinja, Handlebars), each closed on its line within 256 bytes: their marks are the
/// template's, while the prose around them is cleaned (`变量写成${HOME},然后保存`).
fn templates(text: &str) -> Vec<Range<usize>> {
    const REACH: usize = 256;
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = memchr::memchr(b'{', &b[from..]).map(|i| from + i) {
        from = p + 1;
        let (start, close): (usize, &[u8]) = if p > 0 && b[p - 1] == b'$' {
            (
                p - 1,
                if b.get(p + 1) == Some(&b'{') {
                    b"}}"
                } else {
                    b"}"
                },
            )
        } else if b.get(p + 1) == Some(&b'{') {
            (p, b"}}")
        } else {
            continue;
        };
        let limit = (p + REACH).min(b.len());
        let line = &b[p..limit];
        let line = &line[..memchr::memchr(b'\n', line).unwrap_or(line.len())];
        if let Some(k) = memchr::memmem::find(line, close) {
            let end = p + k + close.len();
            out.push(start..end);
            from = end;
        }
    }
    out
}

/// Inline TeX math as Pandoc reads it, `$…$` or `$$…$$` on one line: the opening dollars
/// before a character that is no space, the closing ones after one, and no digit right
/// after them, so that prices are no math (`$300 and $400`, `$5-$10`); nor is a pair with
/// Han inside (`用$HOME和$PATH`), nor an escaped dollar, nor cashtags (`$SOL,$DOGE`). (Read
/// within 256 bytes of the opening dollar, once each.)
fn inline_math(text: &str) -> Vec<Range<usize>> {
    const REACH: usize = 256;
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = memchr::memchr(b'$', &b[from..]).map(|i| from + i) {
        let n = if b.get(p + 1) == Some(&b'$') { 2 } else { 1 };
        from = p + n;
        let opens = p.checked_sub(1).is_none_or(|q| b[q] != b'\\')
            && b.get(p + n)
                .is_some_and(|x| !matches!(x, b' ' | b'\t' | b'\n' | b'\r' | b'$'));
        if !opens {
            continue;
        }
        let limit = (p + n + REACH).min(b.len());
        let Some(c) = memchr::memchr2(b'$', b'\n', &b[p + n..limit]).map(|i| p + n + i) else {
            continue;
        };
        let closes = b[c] == b'$'
            && b[c - 1] != b'\\'
            && !matches!(b[c - 1], b' ' | b'\t')
            && (n == 1 || b.get(c + 1) == Some(&b'$'))
            && !b.get(c + n).is_some_and(u8::is_ascii_digit);
        // (Nor two cashtags, a mark before the second: `$SOL,$DOGE`, `$SOL +12%,$DOGE`.)
        let cashtags = || {
            n == 1
                && ticker(&b[p + 1..c - 1])
                && matches!(b[c - 1], b',' | b'/' | b';' | b'&')
                && ticker(&b[c + 1..])
        };
        if closes && !text[p + n..c].chars().any(is_han) && !cashtags() {
            out.push(p..c + n);
            from = c + n;
        }
    }
    out
}

/// Whether `s` (after a `$`) begins with a stock's ticker, two to six capitals (`$SOL`),
/// not a shell's variable (`$HOME`, `$PATH`).
pub(crate) fn ticker(s: &[u8]) -> bool {
    const VARIABLES: [&[u8]; 12] = [
        b"HOME", b"PATH", b"USER", b"SHELL", b"PWD", b"LANG", b"TERM", b"HOST", b"EDITOR",
        b"TMPDIR", b"DISPLAY", b"OLDPWD",
    ];
    let k = s.iter().take_while(|x| x.is_ascii_uppercase()).count();
    (2..=6).contains(&k)
        && s.get(k)
            .is_none_or(|x| !x.is_ascii_alphanumeric() && *x != b'_')
        && !VARIABLES.contains(&&s[..k])
}

/// Puts `over` (sorted, disjoint) into `out` (the same), whose ranges that overlap one of
/// them go.
fn overlay(out: &mut Vec<Range<usize>>, over: Vec<Range<usize>>) {
    if over.is_empty() {
        return;
    }
    out.retain(|r| {
        let k = over.partition_point(|o| o.end <= r.start);
        over.get(k).is_none_or(|o| o.start >= r.end)
    });
    out.extend(over);
    out.sort_unstable_by_key(|r| r.start);
}

/// The inline code spans of `text`: a run of backticks and the next run of exactly as many
/// on its line, as CommonMark pairs them. A run without a partner is text, and so are the
/// backticks of a fence line. Linear in the text: the runs of a line are listed once, each
/// with the next run of its length.
pub(crate) fn inline_code(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut next = memchr::memchr(b'`', b);
    // The runs of the line at hand, `(start, length)`, and for each the index of the next
    // one as long.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut partner: Vec<Option<usize>> = Vec::new();
    let mut last_of: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    while let Some(i) = next {
        let line_end = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |p| i + p);
        // A fence opens its line, after any indentation.
        let indent = b[..i]
            .iter()
            .rev()
            .take_while(|&&x| matches!(x, b' ' | b'\t'))
            .count();
        let line_start = i - indent;
        let fence = (line_start == 0 || b[line_start - 1] == b'\n')
            && code::fence(&text[line_start..line_end]).is_some();
        if !fence {
            runs.clear();
            let mut j = i;
            while let Some(p) = memchr::memchr(b'`', &b[j..line_end]) {
                let n = run(b, j + p);
                runs.push((j + p, n));
                j += p + n;
            }
            partner.clear();
            partner.resize(runs.len(), None);
            last_of.clear();
            for k in (0..runs.len()).rev() {
                partner[k] = last_of.insert(runs[k].1, k);
            }
            let mut k = 0;
            while k < runs.len() {
                match partner[k] {
                    Some(c) => {
                        out.push(runs[k].0..runs[c].0 + runs[c].1);
                        k = c + 1;
                    }
                    None => k += 1,
                }
            }
        }
        next = memchr::memchr(b'`', &b[line_end..]).map(|p| line_end + p);
    }
    out
}

/// The targets of Markdown links and images (`[文字](docs/安装,配置.md)`): from `](` to
/// the bracket that closes it, nothing between them blank. (Read up to 2 KiB each: a line
/// of `](` without a closing bracket costs linear time.)
fn link_targets(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    for p in memchr::memchr_iter(b']', b).filter(|&p| b.get(p + 1) == Some(&b'(')) {
        let start = p + 2;
        if out.last().is_some_and(|r| start < r.end) {
            continue;
        }
        let mut open = 0usize;
        for (k, &x) in b[start..].iter().take(2048).enumerate() {
            match x {
                b'(' => open += 1,
                b')' if open > 0 => open -= 1,
                b')' => {
                    if k > 0 {
                        out.push(start..start + k);
                    }
                    break;
                }
                b' ' | b'\t' | b'\n' | b'\r' => break,
                _ => {}
            }
        }
    }
    out
}

/// The length of the run of backticks at `i`.
fn run(b: &[u8], i: usize) -> usize {
    b[i..].iter().take_while(|&&x| x == b'`').count()
}

/// URLs, e-mail addresses and file paths.
fn links(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut markers = Markers::new(b);
    let mut i = 0;
    while i < b.len() {
        // The next marker: `: @ . / ~`, or a letter before `:` (a drive, `C:\`) or the
        // `www` before `.` (`w`, frequent in English, is not looked for).
        let j = markers.next(i);
        if j >= b.len() {
            break;
        }
        i = if b[j] == b':' && j > i && b[j - 1].is_ascii_alphabetic() {
            j - 1
        } else if b[j] == b'.' && j >= i + 3 && &b[j - 3..j] == b"www" {
            j - 3
        } else {
            j
        };
        // Markers that cannot start a token as what follows them stands: `w` only in
        // `www.` or a drive `w:\`, `.` only in `./` and `../`, `:` only in `://` or after
        // a drive letter, a letter only in a drive `C:\`.
        let next = |k: usize| b.get(i + k).copied();
        let possible = match b[i] {
            b'w' => {
                b[i..].starts_with(b"www.") || (next(1) == Some(b':') && next(2) == Some(b'\\'))
            }
            b'.' => next(1) == Some(b'/') || b[i..].starts_with(b"../"),
            b':' => b[i..].starts_with(b"://"),
            b'@' | b'/' | b'~' => true,
            _ => next(1) == Some(b':') && next(2) == Some(b'\\'),
        };
        if !possible {
            i += 1;
            continue;
        }
        let start = match token_start(text, i) {
            Some(s) => s,
            None => {
                i += 1;
                continue;
            }
        };
        if out.last().is_some_and(|r| start < r.end) {
            i += 1;
            continue;
        }
        // An e-mail address ends with its domain (`a@b.com,电话` ends before the comma);
        // URLs and paths may hold more (`/wiki/北京`, `?q=a,b`).
        let end = if b[i] == b'@' {
            trim_trailing(b, i, i + 1 + domain_len(&b[i + 1..]))
        } else if b[i + 1..].starts_with(b":\\") {
            drive_path_end(text, i)
        } else {
            token_end(text, i)
        };
        // A path needs a second separator inside the token itself (`/usr/bin`, not `/a`).
        let is_path = b[i] == b'/' && start == i && !b[i..].starts_with(b"//");
        if is_path && !b[i + 1..end.max(i + 1)].contains(&b'/') {
            i += 1;
            continue;
        }
        if end > start {
            out.push(start..end);
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// The end of the Windows path at `i` (`C:\`), whose folders may hold spaces: it goes on
/// past words and spaces that another `\` follows (`C:\Program Files (x86)\Microsoft`).
fn drive_path_end(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    let mut end = token_end(text, i);
    while b.get(end) == Some(&b' ') {
        let folder = b[end..]
            .iter()
            .take(64)
            .position(|&x| {
                !(x.is_ascii_alphanumeric() || matches!(x, b' ' | b'(' | b')' | b'.' | b'_' | b'-'))
            })
            .map(|k| end + k);
        match folder {
            Some(k) if b[k] == b'\\' && b[k - 1] != b' ' => end = token_end(text, k),
            _ => break,
        }
    }
    end
}

/// The marker bytes `: @ . / ~` of a text, found with memchr's vector search in two sets
/// (`: @ .` are frequent in prose, `/ ~` are not), each search remembered until passed, so
/// that the text is scanned once.
struct Markers<'a> {
    b: &'a [u8],
    frequent: usize,
    rare: usize,
}

impl<'a> Markers<'a> {
    fn new(b: &'a [u8]) -> Self {
        let mut m = Markers {
            b,
            frequent: 0,
            rare: 0,
        };
        m.frequent = m.find_frequent(0);
        m.rare = m.find_rare(0);
        m
    }

    fn find_frequent(&self, i: usize) -> usize {
        memchr::memchr3(b':', b'@', b'.', &self.b[i..]).map_or(self.b.len(), |p| i + p)
    }

    fn find_rare(&self, i: usize) -> usize {
        memchr::memchr2(b'/', b'~', &self.b[i..]).map_or(self.b.len(), |p| i + p)
    }

    /// The first index at or after `i` of a marker byte (`b.len()` if none).
    fn next(&mut self, i: usize) -> usize {
        if i >= self.b.len() {
            return self.b.len();
        }
        if self.frequent < i {
            self.frequent = self.find_frequent(i);
        }
        if self.rare < i {
            self.rare = self.find_rare(i);
        }
        self.frequent.min(self.rare)
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'+' | b'%')
}

/// If a protected token has a marker at byte `i`, where that token starts.
fn token_start(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    let rest = &b[i..];
    if rest.starts_with(b"://") {
        // Scheme: letters before "://".
        let s = b[..i]
            .iter()
            .rposition(|&x| !(x.is_ascii_alphanumeric() || matches!(x, b'+' | b'-' | b'.')))
            .map_or(0, |p| p + 1);
        return (s < i && b[s].is_ascii_alphabetic()).then_some(s);
    }
    // (A full-width form before it counts as the ASCII that punctuation may make of it, so
    // that converting the mark does not turn text into a token: `r－/2/a`, `g／./b`.)
    let before = text[..i].chars().next_back().map(|c| match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    });
    let at_token_start =
        before.is_none_or(|c| !(u8::try_from(c).is_ok_and(is_word_byte) || c == '/' || c == '\\'));
    if at_token_start
        && (rest.starts_with(b"www.") && rest.len() > 4 && rest[4].is_ascii_alphanumeric())
    {
        return Some(i);
    }
    if rest[0] == b'@' && i > 0 && is_word_byte(b[i - 1]) {
        // E-mail: local part before, a dotted domain after.
        let s = b[..i]
            .iter()
            .rposition(|&x| !is_word_byte(x))
            .map_or(0, |p| p + 1);
        let domain_len = domain_len(&rest[1..]);
        let domain = &rest[1..1 + domain_len];
        let dotted = domain
            .iter()
            .rposition(|&x| x == b'.')
            .is_some_and(|d| d > 0 && domain_len - d > 2);
        return dotted.then_some(s);
    }
    if at_token_start {
        let path = rest.starts_with(b"./")
            || rest.starts_with(b"../")
            || rest.starts_with(b"~/")
            || (rest[0] == b'/'
                && rest.len() > 1
                && (rest[1].is_ascii_alphanumeric() || rest[1] == b'_' || rest[1] == b'.'))
            || (rest.len() > 2
                && rest[0].is_ascii_alphabetic()
                && rest[1] == b':'
                && rest[2] == b'\\');
        if path {
            return Some(i);
        }
    }
    None
}

/// The length of the domain name at the start of `b`.
fn domain_len(b: &[u8]) -> usize {
    b.iter()
        .take_while(|&&x| x.is_ascii_alphanumeric() || x == b'.' || x == b'-')
        .count()
}

/// Where a token whose marker is at `i` ends.
fn token_end(text: &str, i: usize) -> usize {
    let mut end = i;
    let mut prev_ascii_word = false;
    let mut has_han = false;
    // The letters and digits after the last `.`, while nothing else came after it.
    let mut extension: Option<usize> = None;
    let mut open = 0usize;
    for (off, c) in text[i..].char_indices() {
        // A closing bracket the token did not open closes the text around it
        // (`文档(https://a.com/x)或者…`): the token ends before it. So does a backtick,
        // which no URL holds: inline code may follow (`a.com/x,`b``).
        if c.is_whitespace()
            || is_cjk_punct(c)
            || matches!(c, '”' | '’' | '」' | '』' | '<' | '>' | '"' | '`')
            || (c == ')' && open == 0)
        {
            break;
        }
        match c {
            '(' => open += 1,
            ')' => open -= 1,
            _ => {}
        }
        // Han glued to the end of an ASCII token is the text after it, unless the token
        // already holds Han (an IRI path like `/wiki/北京`); so is the text after a comma
        // or semicolon that is followed by anything but ASCII (`a.com/x,电话`).
        let after = || text[i + off + c.len_utf8()..].chars().next();
        // (But in a token that holds Han, Han after a comma goes on with it: `/标签/美食,旅游/`,
        // `?q=深度学习,教程`, `goes_on` below.)
        // (Nor after a file's extension, Han or not before it, `C:\报告.docx里,请查收`; not
        // a folder's or a name's dot, the path going on after the Han, `node.js入门/`.)
        // (A word after the Han goes on the path only before a separator: `C:\a\张三\
        // test.txt复制到D盘` ends at the extension.)
        let extension_end = || {
            let rest = text[i + off..].trim_start_matches(is_han);
            let rest = rest.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
            // (A dot goes on only before a word: not the sentence's full stop, `安装指南.md文件.`.)
            let dot = rest
                .strip_prefix('.')
                .is_some_and(|r| r.starts_with(|c: char| c.is_alphanumeric()));
            extension.is_some_and(|n| (2..=5).contains(&n))
                && !rest.starts_with(['/', '\\'])
                && !dot
        };
        // (A path's Han after a comma goes on only to another folder: `/wiki/北京市,里面有
        // 介绍` ends at the comma; a query's goes on, `?q=深度学习,教程`.)
        // (A query's Chinese value, `?q=深度学习,教程`; not `&page=2,请查收`.)
        let goes_on = || {
            let rest = text[i + off + c.len_utf8()..].trim_start_matches(is_han);
            (text[i..i + off].contains('?') && text[..i + off].ends_with(is_han))
                || rest.starts_with(['/', '&', '#'])
        };
        // (Nor does a path after a file's extension: `/var/log/app.log,Windows下`.)
        // (A URL may list files after a comma, `/combine/npm/a.js,npm/b.js`, but not
        // another URL; a path lists none.)
        let after_file = || {
            // (`i` is the marker: a scheme's `:` or the `w` of `www.`.)
            let url = text[i..].starts_with("://") || text[i..].starts_with("www.");
            let next = &text[i + off + 1..];
            c == ','
                && extension.is_some_and(|n| (2..=5).contains(&n))
                && !text[i..i + off].contains(['?', '='])
                && (!url || next.starts_with("http") || next.starts_with("www."))
        };
        if (is_han(c) && prev_ascii_word && (!has_han || extension_end()))
            || (matches!(c, ',' | ';')
                && (after_file()
                    || after()
                        .is_none_or(|n| !(n.is_ascii() || (has_han && is_han(n) && goes_on())))))
        {
            break;
        }
        has_han |= is_han(c);
        prev_ascii_word = c.is_ascii_alphanumeric() || c == '.';
        extension = match c {
            '.' => Some(0),
            _ if c.is_ascii_alphabetic() => extension.map(|n| n + 1),
            _ => None,
        };
        end = i + off + c.len_utf8();
    }
    trim_trailing(text.as_bytes(), i, end)
}

/// The end of the token `i..end` without its trailing punctuation: that belongs to the
/// sentence, and a closing bracket does only when the token has no opening one.
fn trim_trailing(tok: &[u8], i: usize, mut end: usize) -> usize {
    while end > i {
        let last = tok[end - 1];
        let unbalanced_close = last == b')' && {
            let t = &tok[i..end];
            t.iter().filter(|&&x| x == b'(').count() < t.iter().filter(|&&x| x == b')').count()
        };
        if matches!(last, b'.' | b',' | b':' | b';' | b'!' | b'?' | b'\'') || unbalanced_close {
            end -= 1;
        } else {
            break;
        }
    }
    end
}

fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
}

/// True when the character at `pos` belongs to one of `ranges` (sorted, non-overlapping).
pub(crate) fn covers(ranges: &[Range<usize>], pos: usize) -> bool {
    let k = ranges.partition_point(|r| r.end <= pos);
    ranges.get(k).is_some_and(|r| r.start <= pos)
}

/// Whether a subtitle event's line break (`\N`, `\n`), or with `hard_space` its hard space
/// (`\h`), lies at `at` of `text`, protected as the event's markup (see [`find`]): it parts
/// the text on its sides as a line break does.
pub(crate) fn subtitle_break(
    text: &str,
    ranges: &[Range<usize>],
    at: Range<usize>,
    hard_space: bool,
) -> bool {
    let markup = match text.as_bytes().get(at.clone()) {
        Some([b'\\', b'N' | b'n']) => true,
        Some([b'\\', b'h']) => hard_space,
        _ => false,
    };
    markup
        && ranges
            .binary_search_by_key(&at.start, |r| r.start)
            .is_ok_and(|k| ranges[k].end == at.end)
}

/// True when `pos` lies strictly inside one of `ranges` (sorted, non-overlapping): an
/// insertion there would split the token.
pub(crate) fn is_inside(ranges: &[Range<usize>], pos: usize) -> bool {
    let k = ranges.partition_point(|r| r.end <= pos);
    ranges.get(k).is_some_and(|r| r.start < pos && pos < r.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_ends_with_its_domain() {
        let t = "邮箱是zhang.san@example.com,电话是+86-10-12345678.";
        let found: Vec<&str> = find(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(found, ["zhang.san@example.com"]);
        let t = "见https://a.com/x?q=1,2,中文在后";
        let found: Vec<&str> = find(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(found, ["https://a.com/x?q=1,2"]);
    }

    fn spans(s: &str) -> Vec<&str> {
        find(s).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn subtitle_event_fields_and_override_blocks() {
        let line = "Dialogue: 0,0:00:04.10,0:00:06.95,Default,,0,0,0,,{\\i1}等一下,你说什么?{\\i0}";
        assert_eq!(
            spans(line),
            [
                "Dialogue: 0,0:00:04.10,0:00:06.95,Default,,0,0,0,,",
                "{\\i1}",
                "{\\i0}"
            ]
        );
        // Its line breaks and hard spaces, not other escapes; and every event of the text.
        let text = "Dialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,Hi!\\N你好\\h\\t\n\
                    Comment: 0,0:00:04.00,0:00:05.00,Default,,0,0,0,,{\\b1}注释\\n";
        assert_eq!(
            spans(text),
            [
                "Dialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,",
                "\\N",
                "\\h",
                "Comment: 0,0:00:04.00,0:00:05.00,Default,,0,0,0,,",
                "{\\b1}",
                "\\n"
            ]
        );
        // Only an event that begins its line, with its nine fields.
        assert!(spans("他说Dialogue: 不行,a,b,c,d,e,f,g,h,i").is_empty());
        assert!(spans("Dialogue: 我们,走吧").is_empty());
    }

    #[test]
    fn windows_paths_hold_folders_with_spaces() {
        assert_eq!(
            spans("默认安装在C:\\Program Files (x86)\\Microsoft Visual Studio目录下"),
            ["C:\\Program Files (x86)\\Microsoft"]
        );
        assert_eq!(
            spans("把C:\\Program Files\\Java\\bin加到Path中"),
            ["C:\\Program Files\\Java\\bin"]
        );
        // So is the text glued after a file's name.
        assert_eq!(
            spans("文件保存在C:\\Users\\张三\\报告.docx里,请查收."),
            ["C:\\Users\\张三\\报告.docx"]
        );
        assert_eq!(
            spans("把C:\\Users\\张三\\Desktop\\test.txt复制到D盘."),
            ["C:\\Users\\张三\\Desktop\\test.txt"]
        );
        // (The sentence's full stop after the Han is no name's dot: the same token as
        // before `。`, which punctuation may make of it.)
        for stop in [".", "。"] {
            assert_eq!(
                spans(&format!("见https://a.com/docs/安装指南.md文件{stop}")),
                ["https://a.com/docs/安装指南.md"]
            );
        }
        assert_eq!(
            spans("见 /home/项目/node.js入门/index.js 和D:\\资料\\2023.12月\\汇总.xlsx"),
            [
                "/home/项目/node.js入门/index.js",
                "D:\\资料\\2023.12月\\汇总.xlsx"
            ]
        );
        // Words that no folder follows are the sentence's.
        assert_eq!(
            spans("Copy C:\\temp and D:\\data to the drive."),
            ["C:\\temp", "D:\\data"]
        );
    }

    #[test]
    fn inline_math() {
        assert_eq!(
            spans("定义为$L=-\\sum_i y_i$,其中$N$为样本数,$$E=mc^2$$"),
            ["$L=-\\sum_i y_i$", "$N$", "$$E=mc^2$$"]
        );
        // Prices, variables, escaped or spaced dollars are no math; nor is Han inside.
        for s in [
            "价格是$300和$400之间",
            "The cost is $5 and $10.",
            "价格$5-$10之间",
            "用$HOME和$PATH",
            "a \\$x$ b",
            "$ x$",
            "$x $",
            "$x\ny$",
            "买了$SOL,$DOGE和$PEPE",
            "$BTC/$ETH",
            "$SOL +12.3%,$DOGE +8%",
        ] {
            assert!(spans(s).is_empty(), "{s}");
        }
        // (Not shell variables, whose pair reads as math as Pandoc would read it.)
        for s in ["echo $HOME,$PATH", "设$A,$B为事件"] {
            assert!(!spans(s).is_empty(), "{s}");
        }
        // In inline code, the code's.
        assert_eq!(spans("`echo $a $b`和`$x$`"), ["`echo $a $b`", "`$x$`"]);
        // Many dollars without a partner: each reads a bounded way.
        let hostile = "$a ".repeat(100_000);
        assert!(spans(&hostile).is_empty());
    }

    #[test]
    fn inline_code() {
        assert_eq!(
            spans("运行`print(\"你好,世界\")`即可"),
            ["`print(\"你好,世界\")`"]
        );
        // A run closes only with a run as long; a URL inside is part of the code.
        assert_eq!(
            spans("用``a`b``和`https://a.com/x`"),
            ["``a`b``", "`https://a.com/x`"]
        );
        assert_eq!(
            spans("见 https://a.com/x 和 `y`"),
            ["https://a.com/x", "`y`"]
        );
        // Unpaired, across lines, or a fence: text.
        assert!(spans("单个`反引号").is_empty());
        assert!(spans("`跨\n行`").is_empty());
        assert!(spans("```python\nx = 1\n```").is_empty());
        assert_eq!(spans("```\n  `a`\n```"), ["`a`"]);
        // Runs of every length up to 200, none with a partner.
        let hostile: String = (1..200).map(|n| "`".repeat(n) + "中").collect();
        assert!(spans(&hostile).is_empty());
    }

    #[test]
    fn urls() {
        assert_eq!(
            spans("访问https://example.com了解更多"),
            ["https://example.com"]
        );
        assert_eq!(spans("see https://a.com/x?q=1."), ["https://a.com/x?q=1"]);
        assert_eq!(
            spans("(see https://en.wikipedia.org/wiki/Foo_(bar))"),
            ["https://en.wikipedia.org/wiki/Foo_(bar)"]
        );
        assert_eq!(
            spans("维基 https://zh.wikipedia.org/wiki/北京2024 页面"),
            ["https://zh.wikipedia.org/wiki/北京2024"]
        );
        assert_eq!(spans("去www.example.com看看"), ["www.example.com"]);
        // The bracket around a URL ends it, with whatever is glued after it.
        assert_eq!(
            spans("文档(https://doc.rust-lang.org/book/)或者发邮件到dev@example.com。"),
            ["https://doc.rust-lang.org/book/", "dev@example.com"]
        );
        assert_eq!(spans("(见/usr/local/bin)目录"), ["/usr/local/bin"]);
        // A backtick ends a URL: inline code may follow it.
        assert_eq!(spans("www.b#的t',`b`"), ["www.b#的t", "`b`"]);
        assert_eq!(
            spans("https://zh.wikipedia.org/wiki/Rust_(编程语言)"),
            ["https://zh.wikipedia.org/wiki/Rust_(编程语言)"]
        );
        // In a URL that holds Han, Han after a comma goes on with it.
        assert_eq!(
            spans("见http://example.com/标签/美食,旅游/ 页面"),
            ["http://example.com/标签/美食,旅游/"]
        );
        assert_eq!(
            spans("搜https://g.com/search?q=深度学习,教程 试试"),
            ["https://g.com/search?q=深度学习,教程"]
        );
        // (Not after a path's last folder: the comma is the sentence's.)
        assert_eq!(
            spans("详见https://zh.wikipedia.org/wiki/北京市,里面有介绍."),
            ["https://zh.wikipedia.org/wiki/北京市"]
        );
        assert_eq!(spans("see https://a.com/x,电话"), ["https://a.com/x"]);
        // Nor after a query's ASCII value, nor after a file's extension.
        assert_eq!(
            spans("链接:https://a.com/s?q=中文&page=2,请查收"),
            ["https://a.com/s?q=中文&page=2"]
        );
        assert_eq!(
            spans("日志在/var/log/app.log,Windows下"),
            ["/var/log/app.log"]
        );
        // (A URL's file may: it may list others, `/combine/npm/a.js,npm/b.js`.)
        assert_eq!(
            spans("引入https://cdn.x.net/combine/npm/a.min.js,npm/b.min.js即可"),
            ["https://cdn.x.net/combine/npm/a.min.js,npm/b.min.js"]
        );
    }

    #[test]
    fn markdown_link_targets() {
        assert_eq!(
            spans("链接：[FAQ](docs/FAQ.md#安装,配置)，请看"),
            ["docs/FAQ.md#安装,配置"]
        );
        assert_eq!(
            spans("![图](img/图1.png) [这里](https://a.com/x_(y))吧"),
            ["img/图1.png", "https://a.com/x_(y)"]
        );
        // Not a target with a title or a blank in it, nor one inside inline code.
        assert_eq!(spans("[a](b c) [d]()"), Vec::<&str>::new());
        assert_eq!(spans("`[a](b,c)`"), ["`[a](b,c)`"]);
    }

    #[test]
    fn emails_and_paths() {
        assert_eq!(
            spans("联系support@example.com获取"),
            ["support@example.com"]
        );
        assert_eq!(spans("@name 和 #tag"), Vec::<&str>::new());
        assert_eq!(spans("运行/usr/bin/python3来执行"), ["/usr/bin/python3"]);
        assert_eq!(spans("打开C:\\用户\\文档2024"), ["C:\\用户\\文档2024"]);
        assert_eq!(spans("and/or 1/2"), Vec::<&str>::new());
        assert_eq!(spans("/a-中1中/"), ["/a-中1中/"]);
        assert_eq!(spans("/a 中"), Vec::<&str>::new());
        // What punctuation may make ASCII is read as ASCII (found by fuzzing).
        assert_eq!(spans("r－/2:充/w勅"), spans("r-/2:充/w勅"));
        assert_eq!(spans("r－/usr/bin"), Vec::<&str>::new());
        assert_eq!(spans("g／./兊0"), spans("g/./兊0"));
        assert_eq!(
            spans("看https://google.com/这是URL文件名.html"),
            ["https://google.com/这是URL文件名.html"]
        );
    }

    /// The scan as first written: every byte is asked whether it is a marker.
    fn find_reference(text: &str) -> Vec<Range<usize>> {
        let b = text.as_bytes();
        let mut out: Vec<Range<usize>> = Vec::new();
        let mut i = 0;
        while i < b.len() {
            let marker = match b[i] {
                b':' | b'w' | b'@' | b'.' | b'/' | b'~' => true,
                x => x.is_ascii_alphabetic() && b.get(i + 1) == Some(&b':'),
            };
            if !marker {
                i += 1;
                continue;
            }
            let Some(start) = token_start(text, i) else {
                i += 1;
                continue;
            };
            if out.last().is_some_and(|r| start < r.end) {
                i += 1;
                continue;
            }
            let end = if b[i] == b'@' {
                trim_trailing(b, i, i + 1 + domain_len(&b[i + 1..]))
            } else if b[i + 1..].starts_with(b":\\") {
                drive_path_end(text, i)
            } else {
                token_end(text, i)
            };
            let is_path = b[i] == b'/' && start == i && !b[i..].starts_with(b"//");
            if is_path && !b[i + 1..end.max(i + 1)].contains(&b'/') {
                i += 1;
                continue;
            }
            if end > start {
                out.push(start..end);
                i = end;
            } else {
                i += 1;
            }
        }
        out
    }

    #[test]
    fn scan_matches_reference_and_lines() {
        let pieces = [
            "a",
            "w",
            "www",
            "wwww.",
            "w:\\",
            "www.x.com",
            "http",
            "://",
            ":",
            "C:",
            "\\",
            "/",
            "//",
            "./",
            "~/",
            "@",
            "x.y",
            ".",
            " ",
            "\n",
            "中",
            "文",
            "é",
            "bin",
            "usr",
            "-",
            "(",
            ")",
            "?",
            ",",
            "'",
            "ab:cd",
        ];
        let mut seed = 0x9E3779B97F4A7C15u64;
        for _ in 0..20000 {
            let mut t = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mut r = seed;
            for _ in 0..(seed % 16) {
                t.push_str(pieces[(r % pieces.len() as u64) as usize]);
                r = (r / pieces.len() as u64).wrapping_add(r << 59);
            }
            let whole = find(&t);
            assert_eq!(whole, find_reference(&t), "{t:?}");
            // Tokens never cross a line: finding them line by line gives the same.
            let mut by_line = Vec::new();
            let mut start = 0;
            for line in t.split('\n') {
                by_line.extend(
                    find(line)
                        .into_iter()
                        .map(|r| r.start + start..r.end + start),
                );
                start += line.len() + 1;
            }
            assert_eq!(whole, by_line, "{t:?}");
        }
    }

    #[test]
    fn inside() {
        let r = vec![2..5, 8..9];
        assert!(!is_inside(&r, 2));
        assert!(is_inside(&r, 3));
        assert!(!is_inside(&r, 5));
        assert!(!is_inside(&r, 8));
    }
}
