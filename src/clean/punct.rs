//! Stage `punctuation`: punctuation width by the language of the span.
//!
//! Inside a Chinese span, ASCII `, ; : ? !` that close a Chinese clause become full-width,
//! a sentence-final `.` after Han becomes `。`, and `( )` become `（ ）` as a pair when they
//! enclose Chinese. Inside an English span, full-width punctuation becomes ASCII, followed
//! by one space before a letter. A span that shares its sentence with another language (a
//! Chinese island in English prose) keeps the punctuation at its edges as it is. Decimal
//! points, URLs, e-mail addresses, paths and code-like tokens are never touched.

use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::align::Editor;
use crate::clean::{code, protect, whitespace};
use crate::lang;

use crate::script::{Class, class, find_any, is_han, is_mark, roman_glyph};
use crate::span::{self, Draft, Kind, SentenceEnds, is_abbreviation, is_sentence_end};

type Op = (Range<usize>, &'static str);

#[cfg(test)]
pub(crate) fn run(ed: &mut Editor, spans: &[Draft]) {
    let protected = protect::find(ed.input());
    run_with(ed, spans, &protected, &code::blocks(ed.input(), None));
}

/// The stage, with the URLs, e-mail addresses and paths of the text already found by
/// [`protect::find`], and its fenced code blocks by [`code::blocks`].
pub(crate) fn run_with(
    ed: &mut Editor,
    spans: &[Draft],
    protected: &[Range<usize>],
    code: &[Range<usize>],
) {
    let text = ed.input();
    let mut ops: Vec<Op> = Vec::new();
    let mut cs: Vec<(usize, char)> = Vec::new();
    let mut ends = SentenceEnds::default();
    // Whether the text holds a caret, which a Wikipedia reference begins with.
    let mut carets: Option<bool> = None;
    // Whether span `k` has a Latin span beside it on its line.
    let beside_latin = |k: usize| {
        let latin_at = |j: Option<usize>| {
            j.and_then(|j| spans.get(j)).is_some_and(|n| {
                let (a, b) = (
                    n.range.start.min(spans[k].range.start),
                    n.range.end.max(spans[k].range.end),
                );
                // (A subtitle event's line break parts them as a line's end does.)
                n.kind == Kind::Latin
                    && !text[a..b].contains('\n')
                    && !memchr::memchr_iter(b'\\', &text.as_bytes()[a..b])
                        .any(|i| subtitle_break_at(text, a + i, protected))
            })
        };
        latin_at(k.checked_sub(1)) || latin_at(Some(k + 1))
    };
    // Whether span `k`, English, ends in a `!` or `?` glued to the name that begins the
    // Chinese span after it (`Here we go!Fabrizio Romano在X上…`).
    let name_glued = |k: usize| {
        let end = spans[k].range.end;
        text[..end].ends_with(['!', '?'])
            && text[end..].starts_with(|c: char| c.is_ascii_uppercase())
            && spans
                .get(k + 1)
                .is_some_and(|n| n.kind == Kind::Zh && n.range.start == end)
    };
    for (k, d) in spans.iter().enumerate() {
        if !code.is_empty() && code::covers(code, d.range.start) {
            continue;
        }
        let body = &text[d.range.clone()];
        // The English sentence or clause that ends the span ends before the Chinese text
        // glued to it: its mark is spaced as before any word (`HP.恢复` -> `HP. 恢复`),
        // also past the brackets it closes (`t()。)中` -> `t().) 中`, as spacing reads
        // `t().)中` once the mark is ASCII).
        // (And past closing tags: `Tom.</i>说` -> `Tom.</i> 说`, and `Tom。</i>说` alike, as
        // its mark becomes ASCII.)
        let mut closed = body.trim_end_matches(')');
        let mut tagged = false;
        while closed.ends_with('>') {
            // (A tag is short: its `<` is near the end.)
            let near = closed.len().saturating_sub(64);
            match memchr::memrchr(b'<', &closed.as_bytes()[near..]).map(|i| near + i) {
                Some(lt)
                    if span::tag_len(&closed[lt..]) == Some(closed.len() - lt)
                        && closed.as_bytes()[lt + 1] == b'/' =>
                {
                    closed = closed[..lt].trim_end_matches(')');
                    tagged = true;
                }
                _ => break,
            }
        }
        let mark_len = closed.chars().next_back().map_or(0, char::len_utf8);
        // (Spacing reads a closing tag after a word as the word's, in an island too; and
        // an island that is an English sentence ends as one: `例句:I have finished my
        // homework.我已经…`.)
        // (So does an English clause of three words or more before its comma: `嘉宾:I think
        // we're closer than most people think,可能…`.)
        // (Not a long name's comma, which a Chinese sentence goes on from: `MacBook Pro 16
        // inch 2023 M3 Max,性能非常强劲`, `援引Hadley v. Baxendale (1854) 9 Exch 341,主张`.)
        let sentence = || {
            closed.ends_with(['.', '!', '?', ',', ';'])
                && closed.matches(' ').nth(1).is_some()
                && (!closed.ends_with([',', ';']) || lang::has_function_words(closed, 1))
        };
        // (A colon too, after a sentence: `remained unchanged:坚决反对` -> `unchanged: 坚决`;
        // and past an abbreviation's period, `around 3 a.m.,原因` -> `a.m., 原因`.)
        if d.kind == Kind::Latin
            && (!d.island || tagged || sentence())
            && (closed.ends_with([',', '.', ';', '!', '?'])
                || (tagged && closed.ends_with(['。', '！', '？']))
                || (closed.ends_with(':') && closed.matches(' ').nth(1).is_some()))
            && (text[d.range.end..].starts_with(is_han) || name_glued(k))
            && closed[..closed.len() - mark_len]
                .chars()
                .next_back()
                .is_some_and(|b| {
                    (b.is_alphanumeric() && !is_han(b))
                        || matches!(b, '%' | ')' | '"' | '”' | '\'' | '’')
                        || (b == '.' && closed.ends_with(','))
                })
            && !protect::covers(protected, d.range.end - 1)
        {
            ops.push((d.range.end..d.range.end, " "));
        }
        // The comma that ends a long name or term in a Chinese sentence, glued to the
        // Chinese clause that goes on, is that sentence's: `我用的是MacBook Pro 16 inch 2023
        // M3 Max,性能非常强劲` -> `Max，性能`. (Not an English clause's, with a function word;
        // nor a statement's `;`, `WHERE id = 1;执行很慢`.)
        // (Nor a call's, its bracket open: `os.path.join(BASE_DIR,文件名)`. A space before
        // the comma goes with it, as before any full-width mark.)
        if d.kind == Kind::Latin
            && d.island
            && body.ends_with(',')
            && text[d.range.end..].starts_with(is_han)
            && !lang::has_function_words(body, 1)
            && body.matches('(').count() <= body.matches(')').count()
            && !protect::covers(protected, d.range.end - 1)
        {
            let name = body[..body.len() - 1].trim_end();
            ops.push((d.range.start + name.len()..d.range.end, "，"));
        }
        // The text of the Chinese span right before this one, glued to it.
        let zh_before = || {
            k.checked_sub(1)
                .map(|j| &spans[j])
                .filter(|p| p.kind == Kind::Zh && p.range.end == d.range.start)
                .map(|p| &text[p.range.clone()])
        };
        // A Chinese quotation closed by a straight quote is spaced from the English glued
        // after it, its attribution (`"我们不怕竞争，"Wang said.` -> `"…，" Wang said.`).
        if d.kind == Kind::Latin
            && body.starts_with(|c: char| c.is_ascii_alphabetic())
            && text[..d.range.start].ends_with('"')
            && zh_before()
                .and_then(|t| t.strip_suffix('"'))
                .is_some_and(|t| t.ends_with(|c: char| wide_closing(c) || is_han(c)))
        {
            ops.push((d.range.start..d.range.start, " "));
        }
        // And the English text after a Chinese island goes on as after any word: its mark
        // glued to the next word is spaced from it (`降准,releasing` -> `降准, releasing`,
        // `(降准)was` -> `(降准) was`), as the one a full-width mark becomes is.
        // (Not in code or data: a call's arguments, `print(你好,world)`, a row of values,
        // `姓名,Name,Age`.)
        // (A short sentence's too, its end in sight: `躺平;many agreed.`, `躺平!Many agreed.`.)
        let word = body
            .strip_prefix([',', ';', ')', '!', '?', ':'])
            .and_then(|b| b.split(' ').next())
            .unwrap_or("");
        // (After `!` or `?` the next sentence's capital; after a colon a word, not an
        // emoticon's letter, an emoji's code or an editor's command: `好的:D`, `好开心:smile:`,
        // `退出:wq`.)
        let opens = match body.as_bytes().first() {
            Some(b'!' | b'?') => word.starts_with(|c: char| c.is_ascii_uppercase()),
            Some(b':') => word.len() >= 3 && !word.contains(':'),
            _ => true,
        };
        // (Or a word and its mark that end a line begun in English, the island between:
        // `Dear all,明天放假,enjoy!`.)
        let english_line = || {
            k >= 2
                && spans[k - 2].kind == Kind::Latin
                && spans[k - 1].island
                && !text[spans[k - 2].range.start..d.range.end].contains('\n')
                && text[d.range.end..].starts_with(['\n', '\r']) == (d.range.end < text.len())
        };
        let sentence = || {
            opens
                && (body.matches(' ').nth(1).is_some()
                    || (body.contains(' ') && body.ends_with(['.', '!', '?']))
                    || (body.ends_with(['.', '!', '?']) && english_line()))
        };
        // (Or a number that ends the island: `进口下降2.3%;the trade surplus widened`.)
        let after_island_number =
            || zh_before().is_some_and(|t| t.ends_with(|c: char| c == '%' || c.is_ascii_digit()));
        let call = || {
            k.checked_sub(1).is_some_and(|j| {
                text[..spans[j].range.start]
                    .strip_suffix('(')
                    .is_some_and(|t| t.ends_with(|c: char| c.is_ascii_alphanumeric()))
            })
        };
        if d.kind == Kind::Latin
            && body.starts_with([',', ';', ')', '!', '?', ':'])
            && word.starts_with(|c: char| c.is_ascii_alphabetic())
            && !word.contains([',', ';', '(', ')'])
            && sentence()
            && (text[..d.range.start].ends_with(is_han) || after_island_number())
            && !protect::covers(protected, d.range.start)
            && !call()
        {
            ops.push((d.range.start + 1..d.range.start + 1, " "));
        }
        // An English quotation that a Chinese sentence quotes, the sentence's ASCII mark
        // after its closing quote ending the line (`他认为“this is the end of an era”.`): the
        // mark is the Chinese sentence's.
        if d.kind == Kind::Latin
            && body.starts_with(['“', '"', '「', '『'])
            && let Some(mark @ ('.' | '!' | '?')) = body.chars().next_back()
            && let p = d.range.end - 1
            && let Some(wide) = chinese_sentence_end(text, d.range.clone(), p, mark)
            && !protect::covers(protected, p)
        {
            ops.push((p..p + 1, wide));
        }
        // Spans without a mark either rule converts are left at once.
        let candidates = match d.kind {
            Kind::Zh => {
                chinese_candidates(body.as_bytes())
                    || spaced_wide_mark(body)
                    || (d.island && body.starts_with('（'))
            }
            // `。`, `｡` and U+FF01..U+FF5E start with these bytes.
            // (And the doubled dash and ellipsis, `——` and `……`.)
            Kind::Latin => {
                memchr::memchr2(0xE3, 0xEF, body.as_bytes()).is_some()
                    || doubled_dash_or_ellipsis(body)
                    || spaced_ascii_mark(body.as_bytes())
                    || (body.starts_with([',', '.']) && text[..d.range.start].ends_with(' '))
            }
            _ => false,
        };
        if !candidates {
            continue;
        }
        // A Wikipedia reference, as crawled (`^ 北京大学校史馆. 北京大学历史沿革. [2024-03-05].`),
        // keeps its citation's marks, as a GB/T 7714 entry does.
        if *carets.get_or_insert_with(|| memchr::memchr(b'^', text.as_bytes()).is_some())
            && wiki_reference(text, d.range.start)
        {
            continue;
        }
        cs.clear();
        cs.extend(body.char_indices().map(|(i, c)| (d.range.start + i, c)));
        match d.kind {
            Kind::Zh => {
                let aside = beside_latin(k);
                chinese(text, d, &cs, protected, aside, &mut ends, &mut ops)
            }
            Kind::Latin => english(text, d, &cs, protected, &mut ops),
            _ => {}
        }
    }
    ops.sort_by_key(|(r, _)| (r.start, r.end));
    // Two rules may remove the same space: keep the first of overlapping edits.
    ops.dedup_by(|b, a| b.0 == a.0 || b.0.start < a.0.end);
    for (range, with) in ops {
        ed.replace(range, with);
    }
}

/// Whether `body` holds `——` or `……`.
fn doubled_dash_or_ellipsis(body: &str) -> bool {
    static DASH: LazyLock<Finder> = LazyLock::new(|| Finder::new("——"));
    static DOTS: LazyLock<Finder> = LazyLock::new(|| Finder::new("……"));
    memchr::memchr(0xE2, body.as_bytes()).is_some()
        && (DASH.find(body.as_bytes()).is_some() || DOTS.find(body.as_bytes()).is_some())
}

/// The line of `text` around byte `p`: at most 320 bytes before it and 80 after, which
/// [`lang::is_english_prose`] reads whole, and the many spans of a long line read in
/// linear time.
fn line_around(text: &str, p: usize) -> &str {
    let (mut from, mut to) = (p.saturating_sub(320), (p + 80).min(text.len()));
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let start = text[from..p].rfind('\n').map_or(from, |i| from + i + 1);
    let end = text[p..to].find('\n').map_or(to, |i| p + i);
    &text[start..end]
}

/// The text of `pos`'s line before it, at most `reach` bytes of it: what a mark reads back
/// stays bounded however long its line (a line may hold thousands of marks).
fn line_before(text: &str, pos: usize, reach: usize) -> &str {
    let mut from = pos.saturating_sub(reach);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let window = &text[from..pos];
    &window[window.rfind('\n').map_or(0, |i| i + 1)..]
}

/// [`line_before`] when it reaches the start of the line: all of the line before `pos`.
fn whole_line_before(text: &str, pos: usize, reach: usize) -> Option<&str> {
    let line = line_before(text, pos, reach);
    at_line_start(text, pos - line.len()).then_some(line)
}

/// Whether byte `at` of `text` begins a line.
fn at_line_start(text: &str, at: usize) -> bool {
    at == 0 || text.as_bytes()[at - 1] == b'\n'
}

/// Whether a Latin span has a space before a `,`, `.`, `!` or `?` (`in 2020 , describing`).
fn spaced_ascii_mark(b: &[u8]) -> bool {
    static FIND: LazyLock<[Finder<'static>; 4]> =
        LazyLock::new(|| [" ,", " .", " !", " ?"].map(Finder::new));
    FIND.iter().any(|f| f.find(b).is_some())
}

/// Whether a Chinese span holds an ASCII mark the Chinese rules may convert: one that is
/// not a separator between digits (`46,000`, `3.5`, `12:30`), which they always keep.
fn chinese_candidates(b: &[u8]) -> bool {
    let digit = |k: Option<usize>| k.and_then(|k| b.get(k)).is_some_and(u8::is_ascii_digit);
    let mut i = 0;
    loop {
        i = find_any(
            b,
            i,
            [b',', b';', b':', b'?', b'!', b'.', b'(', b')'],
            false,
        );
        if i >= b.len() {
            return false;
        }
        if !(matches!(b[i], b',' | b'.' | b':') && digit(i.checked_sub(1)) && digit(Some(i + 1)))
            || (b[i] == b','
                && (quantity_after(b, i)
                    || compound_number_before(&b[..i])
                    || grouped_number_before(&b[..i], &b[i + 1..])))
        {
            return true;
        }
        i += 1;
    }
}

/// Whether a number with its unit follows the comma at `b[i]` after a term (`OLED,120Hz`,
/// `M3,16GB`, `RTX 4060,8GB`): a list's item, not the group of three digits after a number
/// (`1,200W`), nor a number after a bare number, a decimal comma or a value's (`写作2,5kg`,
/// `margin:0,10px`, `8,16,32GB`).
fn quantity_after(b: &[u8], i: usize) -> bool {
    let after = &b[i + 1..];
    let digits = after.iter().take_while(|x| x.is_ascii_digit()).count();
    // (A decimal or a range is a number too: `WAV,44.1kHz`, `N·m,0-100km/h`.)
    let more = match after.get(digits) {
        Some(b'.' | b'-') if digits > 0 => {
            let n = after[digits + 1..]
                .iter()
                .take_while(|x| x.is_ascii_digit())
                .count();
            if n > 0 { n + 1 } else { 0 }
        }
        _ => 0,
    };
    let token = b[..i]
        .iter()
        .rev()
        .take_while(|x| x.is_ascii_alphanumeric() || **x == b'-')
        .count();
    let from = i - token;
    // (A model number of four digits or more has no thousands separator: `EPYC 7763,256GB`.)
    let lead = b[..i]
        .iter()
        .rev()
        .take_while(|x| x.is_ascii_digit())
        .count();
    let term = b[from..i].iter().any(u8::is_ascii_alphabetic)
        || (token > 0 && from >= 2 && b[from - 1] == b' ' && b[from - 2].is_ascii_alphabetic());
    // (So is a time: `航班CA4101,13:45起飞`.)
    let time = (1..=2).contains(&digits)
        && after.get(digits) == Some(&b':')
        && after[digits + 1..]
            .iter()
            .take_while(|x| x.is_ascii_digit())
            .count()
            == 2;
    digits > 0
        && term
        && (time
            || after
                .get(digits + more)
                .is_some_and(u8::is_ascii_alphabetic)
            // (A Chinese unit, spaced from its number once spacing has run, after a model's
            // number of three digits or more: not a decimal comma, `EUR12,50 欧元`, nor
            // items, `Q1,2 季度`.)
            || lead >= 3
                && after[digits + more..]
                .strip_prefix(b" ")
                .unwrap_or(&after[digits + more..])
                .first()
                .is_some_and(|&x| span::is_ideograph_lead(x)))
        && !(digits == 3 && (1..=3).contains(&lead))
}

/// Whether `head` ends in a bracket's only word, of one to five ASCII letters, that the
/// bracket closes after the mark (`next`): `(n.)`, `(adj.)`.
fn bracketed_word(head: &str, next: Option<char>) -> bool {
    let word = head.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    next == Some(')') && (1..=5).contains(&(head.len() - word.len())) && word.ends_with('(')
}

/// Whether `head` ends in a dictionary's abbreviation of a part of speech standing apart,
/// its gloss after a space (`apple n. 苹果`, `| n. 苹果 |`): no sentence end.
fn part_of_speech(head: &str, next: Option<char>) -> bool {
    let word = head.trim_end_matches(|c: char| c.is_ascii_lowercase());
    let edge = |s: &str| s.trim_end_matches(' ').ends_with(['|', '\t', '\n']) || s.is_empty();
    // After its headword or a cell's edge: after Chinese text it is a variable, `设样本数为
    // n. 则`.
    let after_headword = || {
        word.strip_suffix(' ').is_some_and(|w| {
            let headword = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            headword.len() < w.len() && edge(headword)
        })
    };
    let apart = word.ends_with('(') || edge(word) || after_headword();
    // (The short ones are words too, `for each n.`, `plain vi.`: only after a headword that
    // begins its line or cell, `apple n. 苹果`, or at a cell's edge; not `art`, `int`, `num`.)
    let long = || {
        matches!(
            &head[word.len()..],
            "adj" | "adv" | "prep" | "conj" | "pron" | "interj" | "aux" | "abbr"
        ) && (apart || word.ends_with(' '))
    };
    let short = || matches!(&head[word.len()..], "n" | "v" | "vt" | "vi") && apart;
    next == Some(' ') && (long() || short())
}

/// A full-width mark that closes a clause or a bracket: a space before it goes
/// (`v2 ，运行` → `v2，运行`), and one after it before Latin text (`他说， Python` →
/// `他说，Python`).
fn wide_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '〗'
            | '］'
            | '｝'
    )
}

/// A full-width mark that opens a bracket: a space after it goes (`（ Python` → `（Python`).
fn wide_opening(c: char) -> bool {
    matches!(
        c,
        '（' | '《' | '「' | '『' | '【' | '〔' | '〈' | '〖' | '［' | '｛'
    )
}

/// Whether `before` ends in the name of an HTML character reference (`&nbsp`, `&#39`,
/// `&#x4E2D`), which a `;` after it closes; also of one escaped twice, as crawled text
/// often has it (`&amp;nbsp`).
pub(crate) fn ends_entity(before: &str) -> bool {
    let b = before.as_bytes();
    let name = b.len()
        - b.iter()
            .rev()
            .take_while(|x| x.is_ascii_alphanumeric())
            .count();
    let Some(amp) = name.checked_sub(1) else {
        return false;
    };
    let body = &before[name..];
    let opened = |end: usize| b[..end].ends_with(b"&") || b[..end].ends_with(b"&amp;");
    match b[amp] {
        b'&' | b';' if opened(amp + 1) => {
            (2..=31).contains(&body.len()) && body.as_bytes()[0].is_ascii_alphabetic()
        }
        b'#' if opened(amp) => {
            let hex = body.strip_prefix(['x', 'X']);
            match hex {
                Some(h) => (1..=6).contains(&h.len()) && h.bytes().all(|x| x.is_ascii_hexdigit()),
                None => (1..=7).contains(&body.len()) && body.bytes().all(|x| x.is_ascii_digit()),
            }
        }
        _ => false,
    }
}

/// Whether `s` begins with exactly three digits: a group of thousands.
fn group_of_three(s: &str) -> bool {
    s.bytes().take(4).take_while(u8::is_ascii_digit).count() == 3
}

/// Whether the `:` or `;` between `before` and `after` begins an emoticon (`谢谢:)`,
/// `好吧 ;-)`, `太棒了 :D`, `又加班了:(好累`), which is ASCII art, not punctuation. With a
/// nose it is one (`:-P`); else a letter mouth must end its line or stand apart (`注:D盘`
/// is a note on drive D), and `:(`/`:)` must not open or close a parenthesis (`说明:(见附录)`,
/// `（备注:）`).
fn emoticon(before: &str, after: &str) -> bool {
    let face = after.strip_prefix('-');
    let nose = face.is_some();
    let mut cs = face.unwrap_or(after).chars();
    let (Some(mouth), next) = (cs.next(), cs.next()) else {
        return false;
    };
    // (Spacing has run: `注:D盘` reads `注:D 盘` here.)
    let spaced = before.ends_with(|c: char| !c.is_alphanumeric()) || before.is_empty();
    let ends_word = next.is_none_or(|c| c == '\n' || (spaced && !c.is_alphanumeric()));
    let line = line_before(before, before.len(), 256);
    let opens = line.matches(['(', '（']).count();
    let closes = line.matches([')', '）']).count();
    match mouth {
        ')' => opens <= closes,
        // (Not when a bracket closes it later on the line.)
        '(' => {
            nose || !cs
                .take(256)
                .take_while(|&c| c != '\n')
                .chain(next)
                .any(|c| matches!(c, ')' | '）'))
        }
        'D' | 'P' | 'p' => nose || ends_word,
        _ => false,
    }
}

/// Whether the mark `c` between `prev` and `next` is part of an operator of code, ASCII
/// syntax and not punctuation: `!=`, `:=`, `?=`, `::`.
fn in_operator(prev: Option<char>, c: char, next: Option<char>) -> bool {
    next == Some('=') || (c == ':' && (prev == Some(':') || next == Some(':')))
}

/// Whether the comma or colon at `cs[i]`, with the space before it gone, would stand between
/// two digits, where normalization reads it as a separator (`5 ，1` is not `5，1` = `5,1`).
/// (The digit after may lie outside the span: `充 0 ,0ܚ`.)
fn between_digits(text: &str, cs: &[(usize, char)], i: usize) -> bool {
    let (p, c) = cs[i];
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    matches!(c, ',' | ':' | '，' | '：')
        && digit(
            text[..p]
                .strip_suffix(' ')
                .and_then(|t| t.chars().next_back()),
        )
        && digit(text[p + c.len_utf8()..].chars().next())
}

/// Whether the `:` at byte `p` ends the header of a Conventional Commits message, which is
/// ASCII syntax that changelog tools parse: `fix: 修复…`, `feat(parser)!: 支持…` (at the start
/// of its line or list item, and followed by a space).
fn commit_header(text: &str, p: usize) -> bool {
    const TYPES: [&str; 11] = [
        "feat", "fix", "docs", "style", "refactor", "perf", "test", "build", "ci", "chore",
        "revert",
    ];
    // (Headers are short: only the bytes just before the colon are read.)
    let from = p.saturating_sub(40);
    let line = match memchr::memrchr(b'\n', &text.as_bytes()[from..p]) {
        Some(q) => from + q + 1,
        None if from == 0 => 0,
        None => return false,
    };
    let head = text[line..p].trim_start();
    // (Or of a message quoted in a command: `git commit -m "fix: 修复…"`.)
    let head = match head.rsplit_once([' ', '"', '\'']) {
        Some((before, h)) if before.ends_with(" -m") || before.ends_with(" -m ") => h,
        _ => head,
    };
    let head = head
        .strip_prefix(['-', '*'])
        .map_or(head, str::trim_start)
        .trim_end_matches('!');
    let head = match head.strip_suffix(')').and_then(|h| h.split_once('(')) {
        Some((kind, scope)) if !scope.contains([')', '(']) => kind,
        _ => head,
    };
    text[p + 1..].starts_with(' ') && TYPES.contains(&head)
}

/// Whether the sentence that ends at a character of a span begins with Han, or a single word
/// before it, and holds a run of four ideographs or more, or of two with a Chinese clause
/// mark or particle: Chinese prose, not names (`发现了一个bug.`, `git怎么撤销commit?`,
/// `修复了bug.`, `修复bug,优化performance.`, not `陳上進 likes 林依諾's status.` nor `Second
/// paragraph 混合中文 text.`). Asked of characters in order, it reads each character once:
/// a sentence can be a whole line of marks to ask about (`中 a.b.c a.b.c …`).
#[derive(Default)]
struct Prose {
    /// The characters read, and the start of the sentence they end in.
    upto: usize,
    start: usize,
    run: usize,
    longest: usize,
    first_han: Option<usize>,
    last_han: Option<usize>,
    /// Whether the sentence holds a Chinese clause mark or a particle.
    chinese: bool,
    /// Whether it holds a verb of saying (`说`, `问`).
    says: bool,
    /// Whether it holds a word between two ideographs (`先commit再push.`).
    word_between_han: bool,
    /// Whether the text before the sentence's first Han character is at most one word, and
    /// whether it is a name of capitalized words.
    lead: Option<(bool, bool)>,
}

impl Prose {
    /// Whether the sentence that ends before `cs[i]` is Chinese prose.
    fn before(&mut self, cs: &[(usize, char)], i: usize) -> bool {
        if i < self.upto {
            *self = Prose::default();
        }
        for (k, &(_, c)) in cs.iter().enumerate().take(i).skip(self.upto) {
            if matches!(c, '。' | '！' | '？') {
                *self = Prose {
                    start: k + 1,
                    ..Prose::default()
                };
                continue;
            }
            let han = is_han(c);
            // (A comma glued to the Han after it is a Chinese one, `修复bug,优化`.)
            self.chinese |= matches!(
                c,
                '，' | '、'
                    | '；'
                    | '了'
                    | '的'
                    | '是'
                    | '在'
                    | '吗'
                    | '呢'
                    | '吧'
                    | '请'
                    | '把'
                    | '被'
            ) || (c == ',' && cs.get(k + 1).is_some_and(|&(_, n)| is_han(n)));
            self.says |= matches!(c, '说' | '问');
            self.word_between_han |= han && word_between_han(cs, k, self.start);
            self.run = if han { self.run + 1 } else { 0 };
            self.longest = self.longest.max(self.run);
            if han && self.first_han.is_none() {
                self.first_han = Some(k);
            }
            if han {
                self.last_han = Some(k);
            }
        }
        self.upto = i;
        let (start, first) = (self.start, self.first_han);
        // (With a shorter run, one word after the Han text, a number aside, not an English
        // sentence after a Chinese phrase: `约5 min.`, not `走了 Let's go.`, `是的 means yes.`.)
        let one_word_after = || {
            self.last_han.is_some_and(|h| {
                let mut words = 0;
                let mut letter = false;
                for &(_, c) in cs[h + 1..i].iter().chain([&(0, ' ')]) {
                    if c == ' ' {
                        words += usize::from(letter);
                        letter = false;
                    } else {
                        letter |= c.is_alphabetic();
                    }
                }
                words <= 1
            })
        };
        let (one_word, name) = *self.lead.get_or_insert_with(|| {
            first.map_or((false, false), |f| one_word_before(&cs[start..f]))
        });
        // (A name begins a Chinese sentence that has a particle, a clause mark or a verb of
        // saying, not a translation set between English words: `Hello World 混合中文 text.`,
        // `Happy New Year 新年快乐 everyone!`.)
        (self.longest >= 4
            || ((self.longest >= 2 && self.chinese) || self.word_between_han) && one_word_after())
            && (one_word || (name && (self.chinese || self.says)))
    }
}

/// Whether one ASCII word stands between the ideograph at `k` and one before it, a space
/// apart or none (`先 commit 再`), after `start`.
fn word_between_han(cs: &[(usize, char)], k: usize, start: usize) -> bool {
    let mut w = k;
    let space = |w: &mut usize| {
        if *w > start && cs[*w - 1].1 == ' ' {
            *w -= 1;
        }
    };
    space(&mut w);
    let end = w;
    while w > start && cs[w - 1].1.is_ascii_alphabetic() {
        w -= 1;
    }
    if w == end {
        return false;
    }
    space(&mut w);
    w > start && is_han(cs[w - 1].1)
}

/// Whether `lead` (the text of a sentence before its first Han character) holds at most
/// one word: no space between words, or one after the only word; and whether it is a name
/// of up to four capitalized words, which may be the subject of the Chinese sentence
/// (`Steve Kerr 说…`, `Elden Ring 的 DLC…`), not English words (`Second paragraph 混合中文
/// text.`).
fn one_word_before(lead: &[(usize, char)]) -> (bool, bool) {
    // Reading back from the Han character.
    let (mut spaces, mut word_after) = (0, false);
    // Whether every word begins with a capital or a digit.
    let mut capitalized = true;
    let mut prev = ' ';
    for &(_, c) in lead.iter().rev() {
        if c == ' ' && word_after {
            spaces += 1;
            word_after = false;
            capitalized &= prev.is_ascii_uppercase() || prev.is_ascii_digit();
        } else if c != ' ' && (word_after || !c.is_ascii_punctuation()) {
            // (Marks alone are no word: a quote's or a list's marker, emphasis, `> **提示**`.)
            word_after = true;
        }
        prev = c;
    }
    if word_after {
        capitalized &= prev.is_ascii_uppercase() || prev.is_ascii_digit();
    }
    (
        spaces == 0 || (spaces == 1 && !word_after),
        capitalized && spaces < 4,
    )
}

/// Whether `head` ends in a word of lowercase ASCII letters only (`status`, `it's`).
fn ends_in_plain_word(head: &str) -> bool {
    // The word runs back over letters, digits, `.` and `'`; a digit, a capital or a `.`
    // in it answers no at once (`a.b.c.` repeated is one word a line long).
    let mut lowercase = false;
    for (i, &x) in head.as_bytes().iter().enumerate().rev() {
        if x.is_ascii_lowercase() {
            lowercase = true;
        } else if x.is_ascii_alphanumeric()
            || matches!(x, b'.' | b'/' | b'=' | b'<' | b'>' | b'+' | b'*' | b'^')
        {
            // (After a slash the word is a unit's, `5mL/h`, `次/min`; after a relation a
            // value, `a=b`, `a<b`; after an operator a formula's, `x+y`.)
            return false;
        } else if x >= 0x80 {
            // (A letter of another alphabet makes it no plain word: a unit's, `1.2μs`.)
            let c = head[..=i].chars().next_back();
            return lowercase && !c.is_some_and(|c| matches!(class(c), Class::Letter(_)));
        } else if x != b'\'' {
            break;
        }
    }
    lowercase
}

/// Whether `head` ends in the braces of a formula's superscript or subscript (`e^{-λL}`,
/// `x_{i}`), read back over at most 32 bytes.
fn formula_braces(head: &str) -> bool {
    let b = head.as_bytes();
    let from = b.len().saturating_sub(32);
    memchr::memrchr(b'{', &b[from..]).is_some_and(|o| {
        let o = from + o;
        o >= 1 && matches!(b[o - 1], b'^' | b'_') && !b[o + 1..b.len() - 1].contains(&b'}')
    })
}

/// Whether `head` ends in the document-type code of a GB/T 7714 reference (`[J]`, `[M]`,
/// `[EB/OL]`), which its full stop follows.
fn document_type_code(head: &str) -> bool {
    let Some(inner) = head.strip_suffix(']') else {
        return false;
    };
    let code = &inner[inner.rfind('[').map_or(inner.len(), |i| i + 1)..];
    (1..=8).contains(&code.len()) && code.bytes().all(|x| x.is_ascii_uppercase() || x == b'/')
}

/// Whether `head` ends in a unit of measure spaced from its number (`500 mg`, `120 ms`),
/// no English word whose sentence may go on in English.
pub(crate) fn unit_after_number(head: &str) -> bool {
    // (Not `v`, which after a number is `versus` as often as `volts`: `3 v. 1`.)
    const UNITS: [&str; 43] = [
        "mg", "g", "kg", "ug", "ml", "l", "mm", "cm", "m", "km", "ms", "s", "min", "h", "hr",
        "hrs", "mol", "mmol", "kcal", "cal", "kb", "mb", "gb", "tb", "kw", "w", "mah", "nm", "lb",
        "lbs", "oz", "ft", "pcs", "cc", "iu", "bpm", "rpm", "fps", "dpi", "ppm", "px", "pt", "kwh",
    ];
    let word = &head[head
        .trim_end_matches(|c: char| c.is_ascii_lowercase())
        .len()..];
    head[..head.len() - word.len()]
        .strip_suffix(' ')
        .is_some_and(|h| h.ends_with(|c: char| c.is_ascii_digit()))
        && UNITS.contains(&word)
}

/// Whether byte `p` of `text` lies in square brackets holding reference numbers only
/// (`[35, 2, 5]`, `[3-5, 8]`).
fn in_citation(text: &str, p: usize) -> bool {
    // (Read a bounded way: a line may be a long run of numbers and commas.)
    const REACH: usize = 128;
    let citation = |c: char| c.is_ascii_digit() || matches!(c, ',' | ' ' | '-' | '–');
    let open = text[..p]
        .char_indices()
        .rev()
        .take(REACH)
        .find(|&(_, c)| !citation(c));
    let close = text[p..]
        .char_indices()
        .take(REACH)
        .find(|&(_, c)| !citation(c));
    matches!((open, close), (Some((_, '[')), Some((_, ']'))))
}

/// Whether `tail` begins with a word of lowercase ASCII letters only.
fn starts_with_plain_word(tail: &str) -> bool {
    let word = tail
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '\'')
        .next()
        .unwrap_or("");
    !word.is_empty() && span::plain_word(word)
}

/// Whether the end of `head` lies in a parenthesis or square bracket, opened on its line,
/// that holds no Han.
fn in_latin_parenthesis(head: &str) -> bool {
    // (Bytes: every mark looked for is ASCII. Read within 512 bytes.)
    let b = head.as_bytes();
    let from = b.len().saturating_sub(512);
    let from = memchr::memrchr(b'\n', &b[from..]).map_or(from, |p| from + p + 1);
    let line = &b[from..];
    let last = memchr::memrchr3(b'(', b')', b'[', line).max(memchr::memrchr(b']', line));
    last.is_some_and(|o| matches!(line[o], b'(' | b'[') && !head[from + o..].contains(is_han))
}

/// Whether a space stands before a full-width closing mark or after an opening one, or
/// between a closing one and a Latin letter or digit.
fn spaced_wide_mark(body: &str) -> bool {
    memchr::memchr_iter(b' ', body.as_bytes()).any(|j| {
        body[j + 1..].starts_with(wide_closing)
            || body[..j].ends_with(wide_opening)
            || (body[..j].ends_with(wide_closing)
                && body[j + 1..].starts_with(|c: char| c.is_ascii_alphanumeric()))
    })
}

/// Whether the `:` at `p` ends an acronym that labels a capitalized value after Chinese
/// text in a spec sheet (`配置CPU:Intel i7`, `今日份OOTD:Zara外套`): a label's colon, not
/// one inside a token (`nginx:1.25`, `localhost:3000`).
fn acronym_label(text: &str, p: usize) -> bool {
    // (A spec sheet's, not a log level's, `ERROR:Connection refused`, a namespace's,
    // `WP:Notability`, or a title's, `DOOM:Eternal`.)
    const LABELS: [&[u8]; 11] = [
        b"CPU", b"GPU", b"NPU", b"SOC", b"RAM", b"ROM", b"SSD", b"HDD", b"OS", b"CV", b"OOTD",
    ];
    let b = text.as_bytes();
    let caps = b[..p]
        .iter()
        .rev()
        .take_while(|x| x.is_ascii_uppercase())
        .count();
    LABELS.contains(&&b[p - caps..p])
        && text[..p - caps]
            .strip_suffix(' ')
            .unwrap_or(&text[..p - caps])
            .ends_with(is_han)
        && b.get(p + 1).is_some_and(u8::is_ascii_uppercase)
        && b.get(p + 2).is_some_and(u8::is_ascii_lowercase)
}

/// Whether the `:` at `p` ends a contact's label after Chinese text or a clause's mark, in
/// a line of contacts (`电话:138-0013-8000,QQ:123456789`, `我的ID:abc123`): the Chinese
/// line's colon, whatever the value.
fn contact_label(text: &str, p: usize) -> bool {
    const LABELS: [&str; 5] = ["QQ", "ID", "UID", "VX", "WX"];
    // (Not in an English list of labels, spaced after their colons, `Tel: 123, QQ: 456`, nor
    // after its ASCII comma, `[user,ID:42]`: a comma the Chinese line's is made full-width
    // first, and the colon read again.)
    !text[p + 1..].starts_with(' ')
        && LABELS.iter().any(|label| {
            // (Spacing has put a space between Han and the label: `我的 ID:abc123`.)
            text[..p].strip_suffix(label).is_some_and(|head| {
                head.strip_suffix(' ')
                    .unwrap_or(head)
                    .ends_with(|c: char| is_han(c) || matches!(c, '，' | '、' | '；' | '：'))
            })
        })
}

/// Whether the `.` between `head` and `rest` (which begins with `*`) begins a wildcard: a
/// package's, after a dotted name or a common root (`javax.persistence.*`, `javax.*`), or a
/// version's (`v1.*`).
fn wildcard(head: &str, rest: &str) -> bool {
    const ROOTS: [&str; 11] = [
        "java", "javax", "jakarta", "org", "com", "net", "io", "android", "androidx", "kotlin",
        "scala",
    ];
    let word = &head[head
        .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        .len()..];
    let version = word
        .strip_prefix('v')
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|x| x.is_ascii_digit()));
    !rest.starts_with("**")
        && (ROOTS.contains(&word)
            || version
            || (word.contains('.') && word.bytes().any(|x| x.is_ascii_alphabetic())))
}

/// Whether the `:` at `p` ends the label that begins its line, of a speaker or a post in
/// a Chinese thread: Han and a capital with at most two digits (`主持人 A:`, `嘉宾 B2:`),
/// or a floor number (`4L:`, `12F:`). Its colon is Chinese whatever follows (`主持人 A:OK`).
fn speaker_label(text: &str, p: usize) -> bool {
    let Some(line) = whole_line_before(text, p, 32) else {
        return false;
    };
    let b = line.trim_start().as_bytes();
    let digits = |b: &[u8]| b.iter().rev().take_while(|x| x.is_ascii_digit()).count();
    if let [head @ .., b'L' | b'F'] = b {
        return (1..=4).contains(&head.len()) && digits(head) == head.len();
    }
    let n = digits(b);
    let Some((&letter, head)) = b[..b.len() - n].split_last() else {
        return false;
    };
    let head = std::str::from_utf8(head).unwrap_or("");
    let head = head.strip_suffix(' ').unwrap_or(head);
    // (Not a ratio or a pair, a capital alone after the colon: `比例A:B=3:2`, `A:B两组`;
    // `嘉宾A:I think` is a speaker's.)
    // (Nor a number's, `比值K:1`.)
    let pair = match text.as_bytes()[p + 1..] {
        [x, ..] if x.is_ascii_digit() => true,
        [x, y, ref more @ ..] if x.is_ascii_alphabetic() && !y.is_ascii_alphabetic() => {
            y != b' ' || !more.first().is_some_and(u8::is_ascii_alphabetic)
        }
        [x] => x.is_ascii_alphabetic(),
        _ => false,
    };
    n <= 2
        && !pair
        && letter.is_ascii_uppercase()
        && (1..=6).contains(&head.chars().count())
        && head.chars().all(is_han)
}

/// Whether `rest` begins, past a space, with the label of a question, an answer or a
/// speaker, a capital and at most two digits, and its colon before Chinese text (`A: 一种`,
/// `Q2：如何`).
fn answer_label(rest: &str) -> bool {
    let label = rest.trim_start_matches(' ');
    let digits = label.bytes().skip(1).take_while(u8::is_ascii_digit).count();
    label.starts_with(|c: char| c.is_ascii_uppercase())
        && digits <= 2
        && label[1 + digits..]
            .strip_prefix([':', '：'])
            .is_some_and(|t| t.trim_start_matches(' ').starts_with(is_han))
}

/// Whether `before` ends in two numbers joined by a colon, a dash or a plus sign (`3:1`,
/// `121-117`, `30+10`), a score, a range or a sum, which a thousands separator cannot
/// follow. (Not a decimal: `31.23,121.47` is a pair of coordinates, `1.234,56` a European
/// price, `3.10,3.11` a list of versions.)
fn compound_number_before(b: &[u8]) -> bool {
    let token = b
        .iter()
        .rev()
        .take(32)
        .take_while(|x| x.is_ascii_digit() || matches!(x, b'.' | b':' | b'-' | b'+' | b'/'))
        .count();
    let number = &b[b.len() - token..];
    if number.contains(&b'.') {
        return false;
    }
    // (Nor a time with its seconds, `12:30:45,123`, nor a sign, `-3`.)
    let joins = number.iter().filter(|x| !x.is_ascii_digit()).count();
    joins == 1
        && number.first().is_some_and(u8::is_ascii_digit)
        && (b.len() - token)
            .checked_sub(1)
            .is_none_or(|k| !b[k].is_ascii_alphanumeric())
}

/// Whether `b` ends in a number grouped in thousands (`72,000`) that the comma at its end
/// parts from a number with its unit or counter in `after` (`24h`, `24期`), not from another
/// number (a table's row, `21,893,000,16410`).
fn grouped_number_before(b: &[u8], after: &[u8]) -> bool {
    let n = b.len();
    let digits = after.iter().take_while(|x| x.is_ascii_digit()).count();
    n >= 5
        && b[n - 3..].iter().all(u8::is_ascii_digit)
        && b[n - 4] == b','
        && b[n - 5].is_ascii_digit()
        && digits > 0
        && match after.get(digits) {
            // (Spaced from a Chinese counter once spacing has run.)
            Some(b' ') => after
                .get(digits + 1)
                .is_some_and(|&x| span::is_ideograph_lead(x)),
            Some(&x) => x.is_ascii_alphabetic() || span::is_ideograph_lead(x),
            None => false,
        }
}

/// Whether `head` ends in the capital of a language named with a sharp after it (`C`, `F`,
/// `J`: `C#`), alone.
fn sharp_name(head: &str) -> bool {
    let b = head.as_bytes();
    b.last().is_some_and(u8::is_ascii_uppercase)
        && !(b.len() >= 2 && b[b.len() - 2].is_ascii_alphanumeric())
}

/// Whether the run of `?` and `!` at `p` of `text` is glued between two letters or digits,
/// as a Chinese sentence's mark may be: a `?` after a question (`还是SQLite?Litestream`), a
/// doubled `!` before a letter (`yyds!!IMAX`; not code's, `xs!!0`).
fn glued_between(text: &str, p: usize) -> bool {
    let marks = |c: char| matches!(c, '?' | '!');
    let head = span::trim_end_bounded(&text[..p], marks);
    let rest = span::trim_start_bounded(&text[p..], marks);
    let run = &text[head.len()..text.len() - rest.len()];
    head.ends_with(|c: char| c.is_ascii_alphanumeric())
        && if run.starts_with('?') {
            rest.starts_with(|c: char| c.is_ascii_alphanumeric()) && span::asks_before(head)
        } else {
            run.starts_with("!!") && rest.starts_with(|c: char| c.is_ascii_alphabetic())
        }
}

/// Whether the comma at `p` of `text`, between digits, groups a number in thousands as a
/// number typed with full-width commas does: the groups after the first have three digits
/// each, the first up to three and no leading zero, and a later one is `000` or a currency
/// sign leads (`1，000`, `250，000`, `$12，500`, `$1，234，567`; not a list, a shape or a pair of
/// numbers, `101，102，103`, `(3，224，224)`, `80，443`, nor `January 1，2025`).
fn typed_thousands(text: &str, p: usize) -> bool {
    let is_part = |c: char| c.is_ascii_digit() || matches!(c, ',' | '，');
    // (Read a bounded way: a longer run of digits and commas is no number, and every comma
    // of a line of them is asked about. Its head then ends in a digit.)
    let head = span::trim_end_bounded(&text[..p], is_part);
    let rest = &text[head.len()..];
    let mut end = rest.len();
    for (k, (i, c)) in rest.char_indices().enumerate() {
        if !is_part(c) {
            end = i;
            break;
        }
        if k == 64 {
            return false;
        }
    }
    let number = rest[..end].trim_end_matches([',', '，']);
    let mut groups = number.split([',', '，']);
    let first = groups.next().unwrap_or("");
    let (mut zeros, mut later) = (false, 0);
    let currency = head.ends_with(['$', '¥', '€', '£', '￥']);
    (1..=3).contains(&first.len())
        && !first.starts_with('0')
        && groups.all(|g| {
            zeros |= g == "000";
            later += 1;
            g.len() == 3
        })
        && (zeros || currency)
        && !head.ends_with(|c: char| c.is_alphanumeric() || c == '.')
}

/// Whether `b` begins with a group of three digits that no other digit follows, nor
/// another range (`1-5,100-120页` lists two).
fn thousands_group(b: &[u8]) -> bool {
    b.len() >= 3
        && b[..3].iter().all(u8::is_ascii_digit)
        && b.get(3).is_none_or(|x| !x.is_ascii_digit())
        && !(matches!(b.get(3), Some(b'-' | b'~')) && b.get(4).is_some_and(u8::is_ascii_digit))
}

/// Whether `before` ends in a digit, or in a digit and a space (which a mark after it may
/// lose).
fn digit_ends(before: &str) -> bool {
    let t = before.strip_suffix(' ').unwrap_or(before);
    t.ends_with(|c: char| c.is_ascii_digit())
}

/// Positions before the first and after the last letter or digit: the span's edges, where
/// punctuation belongs to the sentence around an island.
fn core(cs: &[(usize, char)]) -> Range<usize> {
    let strong = |&&(_, c): &&(usize, char)| class(c).is_alnum();
    let start = cs.iter().find(strong).map_or(usize::MAX, |&(p, _)| p);
    let end = cs
        .iter()
        .rev()
        .find(strong)
        .map_or(0, |&(p, c)| p + c.len_utf8());
    start..end
}

/// A letter (or Han character): what a clause ends in, past digits, spaces and symbols
/// (the clause in `降低了 30%,` ends in Chinese, the one in `iPhone 16,` in an embedded
/// token).
fn is_letter(c: char) -> bool {
    matches!(
        class(c),
        Class::Han | Class::Kana | Class::Hangul | Class::Letter(_)
    )
}

/// The first letter or digit after index `i` of `cs`, remembered between calls with
/// increasing `i` so that a span costs linear time: `memo` is `(from, found)`, the first
/// such index at or after `from`.
fn next_strong(cs: &[(usize, char)], i: usize, memo: &mut (usize, Option<usize>)) -> Option<char> {
    let (from, found) = *memo;
    if !(from <= i + 1 && found.is_none_or(|j| j > i)) {
        let j = (i + 1..cs.len()).find(|&j| class(cs[j].1).is_alnum());
        *memo = (i + 1, j);
    }
    memo.1.map(|j| cs[j].1)
}

/// A closing quote or bracket, after which a mark may end the sentence the quotation is in
/// (`标语用「Think It Through」.`).
/// Whether a straight single quote before `p` closes a quotation opened on its line, not
/// an apostrophe: `No module named 'torch'`, not `the users'` alone.
/// Whether a name quoted or titled on its own ends at `p`: its closing mark, the opening
/// one after something other than a list's separator (`电影"Titanic"`, `《Midnights》`; not
/// the second of `"a",1,"b"`, a list whose commas are alike).
fn quoted_name_before(text: &str, p: usize) -> bool {
    let Some(close) = text[..p].chars().next_back() else {
        return false;
    };
    let open = match close {
        '"' => '"',
        '”' => '“',
        '」' => '「',
        '』' => '『',
        '》' => '《',
        _ => return false,
    };
    let line = line_before(text, p - close.len_utf8(), 256);
    line.rfind(open).is_some_and(|o| {
        !line[..o].trim_end().ends_with([',', ';', '，', '；', '、'])
            && line[o + open.len_utf8()..].contains(|c: char| c.is_alphanumeric())
    })
}

fn single_quoted_before(text: &str, p: usize) -> bool {
    let b = text.as_bytes();
    if p < 3 || b[p - 1] != b'\'' || !b[p - 2].is_ascii_alphanumeric() {
        return false;
    }
    let from = p.saturating_sub(128);
    let head = &b[from..p - 1];
    let line = memchr::memrchr(b'\n', head).map_or(0, |i| i + 1);
    memchr::memrchr(b'\'', &head[line..]).is_some_and(|o| {
        let o = line + o;
        (o == 0 || !head[o - 1].is_ascii_alphanumeric())
            && head.get(o + 1).is_some_and(u8::is_ascii_alphanumeric)
    })
}

fn closes_quotation(c: char) -> bool {
    matches!(c, '」' | '』' | '”' | '》' | '〉' | '】' | '）' | ')')
}

fn is_cjk_or_fullwidth(c: char) -> bool {
    is_han(c) || matches!(class(c), Class::CjkPunct | Class::Kana)
}

/// Matching `open`/`close` pairs among `cs`, as index pairs.
fn pairs(cs: &[(usize, char)], open: char, close: char) -> Vec<(usize, usize)> {
    let mut stack = Vec::new();
    let mut out = Vec::new();
    for (i, &(_, c)) in cs.iter().enumerate() {
        if c == open {
            stack.push(i);
        } else if c == close
            && let Some(o) = stack.pop()
        {
            out.push((o, i));
        }
    }
    out
}

/// The Chinese rules, for span `d` (whose characters are `cs`); `aside` when a Latin span
/// stands beside it on its line.
fn chinese(
    text: &str,
    d: &Draft,
    cs: &[(usize, char)],
    protected: &[Range<usize>],
    aside: bool,
    ends: &mut SentenceEnds,
    ops: &mut Vec<Op>,
) {
    // The edges matter only for an island.
    let core = if d.island { core(cs) } else { 0..0 };
    // The sentence end after an island that is a clause is its own (`it更像是…释放.` ->
    // `释放。`, see [`span::owns_mark`]); span detection leaves it there.
    let clause_end = cs
        .last()
        .filter(|&&(p, c)| {
            // (Past a percent sign, `增长了10.2%.`, `12.5 %.`, or a quotation closed:
            // `称其为"少林寺".`.)
            d.island
                && p >= core.end
                && text[core.end..p]
                    .chars()
                    .all(|x| matches!(x, '%' | ' ' | '"' | '”' | '」' | '』' | '》' | ')' | '）'))
                && span::owns_mark(text, d.range.start..p, c)
        })
        .map(|&(p, _)| p);
    let editable = |p: usize| {
        !protect::covers(protected, p) && (!d.island || core.contains(&p) || Some(p) == clause_end)
    };
    let at = |i: Option<usize>| i.and_then(|i| cs.get(i)).map(|&(_, c)| c);
    // The embedded token at byte `q`, if any.
    let embedded_at = |q: usize| {
        let k = d.embedded.partition_point(|e| e.end <= q);
        d.embedded.get(k).filter(|e| e.contains(&q))
    };
    let in_embedded = |q: usize| embedded_at(q).is_some();
    if d.island && aside {
        narrow_aside(text, cs, protected, ops);
    }
    // Brackets that become full-width, decided first: spaces next to them go as next to
    // any full-width mark.
    let brackets = chinese_brackets(cs, &editable, aside);
    // The arguments of a call whose brackets stay ASCII are code: `parse(s, "中文")`.
    let calls: Vec<(usize, usize)> = if cs.iter().any(|&(_, c)| c == '(') {
        pairs(cs, '(', ')')
            .into_iter()
            .filter(|&(o, _)| o > 0 && is_name_end(cs[o - 1].1))
            .filter(|pair| !brackets.contains(pair))
            .collect()
    } else {
        Vec::new()
    };
    // How many calls each character is inside, from the changes of that count at their
    // brackets (a line can hold thousands of calls and marks).
    let mut inside: Vec<i32> = Vec::new();
    if !calls.is_empty() {
        inside.resize(cs.len() + 1, 0);
        for &(o, c) in &calls {
            inside[o + 1] += 1;
            inside[c] -= 1;
        }
        let mut depth = 0;
        for d in &mut inside {
            depth += *d;
            *d = depth;
        }
    }
    let in_call = |i: usize| inside.get(i).is_some_and(|&d| d > 0);
    // (Most spans hold no ASCII bracket: found by a vector search.)
    let slips = if memchr::memchr2(b'(', b')', &text.as_bytes()[d.range.clone()]).is_some() {
        slipped_brackets(cs, &editable)
    } else {
        Vec::new()
    };
    let mut wide_marks: Vec<usize> = brackets.iter().flat_map(|&(o, c)| [o, c]).collect();
    wide_marks.extend(&slips);
    wide_marks.sort_unstable();
    // Marks converted by the loop below, in order.
    let mut converted: Vec<usize> = Vec::new();
    let wide_after = |k: usize, converted: &[usize]| {
        is_cjk_or_fullwidth(cs[k].1)
            || wide_marks.binary_search(&k).is_ok()
            || converted.binary_search(&k).is_ok()
    };
    let mut last_converted = None;
    // The last letter before the current character, and the next letter or digit.
    let mut last_letter: Option<(usize, char)> = None;
    let mut strong = (usize::MAX, None);
    // A span that starts inside an English sentence (`The firm is in 北京. 我们…`) ends that
    // sentence with the sentence's own mark.
    let mut english_sentence = english_before(text, d.range.start);
    // Once that sentence has ended, an island that runs to the end of the line ends in a
    // Chinese sentence, whose final mark is the span's own.
    let runs_to_line_end = text[d.range.end..]
        .chars()
        .find(|&c| c == '\n' || !c.is_whitespace())
        .is_none_or(|c| c == '\n');
    let mut own_tail = false;
    // Whether no letter or digit follows the span on its line: then a mark after the span's
    // last one ends the line's last sentence, which is this Chinese one (`部署在ECS.`).
    let mut line_ends_here: Option<bool> = None;
    let mut prose = Prose::default();
    for (i, &(p, c)) in cs.iter().enumerate() {
        let before = last_letter;
        if is_letter(c) {
            last_letter = Some((p, c));
        }
        if matches!(c, '。' | '？' | '！') && english_sentence {
            own_tail = runs_to_line_end;
            english_sentence = false;
        }
        let tail = own_tail && p >= core.end && !protect::covers(protected, p);
        if !matches!(c, ',' | ';' | ':' | '?' | '!' | '.') || !(editable(p) || tail) || in_call(i) {
            continue;
        }
        // (A password's `!` is its own: `密码:P@ssw0rd!`.)
        if c == '!' && password_before(&text[..p]) {
            continue;
        }
        let prev = at(i.checked_sub(1));
        let next = at(Some(i + 1));
        if english_sentence
            && matches!(c, '?' | '!' | '.')
            && ends.at(text, p)
            && Some(p) != clause_end
        {
            own_tail = runs_to_line_end;
            english_sentence = false;
            // (Not a mark glued between two ideographs after a clause of them, which ends a
            // Chinese sentence that took the English one over: `It was slow; 公司开始使用
            // 人工智能.但是效果有限.`; a name's dot is no sentence end, `by 约翰.史密斯 in`.)
            let clause_before = text[..p]
                .chars()
                .rev()
                .take(4)
                .filter(|&c| is_han(c))
                .count()
                == 4;
            if !(clause_before && next.is_some_and(is_han)) {
                continue;
            }
        }
        let quantity = || quantity_after(text.as_bytes(), p);
        // Thousands separators, decimals and times: `46,000`, `3.5`, `12:30`; not a list's
        // comma before a quantity (`RTX 4060,8GB显存`).
        // (Nor a comma after a score's or a time's colon, a range's dash or a sum's plus,
        // which no thousands separator follows: `比分是3:1,10分钟后`, `121-117,3人`.)
        // (But a group of three digits after it is a thousands separator's, in a range of
        // such numbers: `1,000-2,000元`, `300-1,500元`.)
        // (So does a number grouped in thousands already, `$72,000,24h涨幅`, and a ratio,
        // `投篮10/18,3PT`.)
        let compound = || {
            let b = text.as_bytes();
            c == ','
                && (compound_number_before(&b[..p]) || grouped_number_before(&b[..p], &b[p + 1..]))
                && !thousands_group(&b[p + 1..])
        };
        // (Not a question's `?` after the number a question asks of, `升到了6.8?535的驱动`.)
        if prev.is_some_and(|c| c.is_ascii_digit())
            && next.is_some_and(|c| c.is_ascii_digit())
            && !(c == '?' && span::asks_before(&text[..p]))
            && !(c == ',' && quantity())
            && !compound()
        {
            continue;
        }
        // So is a thousands separator before a masked group of three (`18,xxx分`, `5,***元`).
        if c == ','
            && prev.is_some_and(|c| c.is_ascii_digit())
            && masked_group(&text.as_bytes()[p + 1..])
        {
            continue;
        }
        // So is a decimal point that OCR spaced from both its digits: `12 . 5亿元`.
        let digit = |k: Option<usize>| at(k).is_some_and(|c| c.is_ascii_digit());
        if c == '.'
            && prev == Some(' ')
            && next == Some(' ')
            && digit(i.checked_sub(2))
            && digit(Some(i + 2))
        {
            continue;
        }
        // A mark shown alone in quotes or brackets is mentioned, not used: `用英文逗号","分隔`.
        // (A straight quote before it opens only after an even number of them on the line:
        // `"人工智能","大数据"` is a list.)
        if prev.zip(next).is_some_and(|(o, c)| {
            encloses(o, c)
                && (o != c
                    || line_before(text, p - 1, 256)
                        .bytes()
                        .filter(|&x| x == o as u8)
                        .count()
                        % 2
                        == 0)
        }) {
            continue;
        }
        // The end of an HTML character reference: `&nbsp;`, `&#39;`.
        if c == ';' && ends_entity(&text[..p]) {
            continue;
        }
        // The end of English quoted or named in CJK quotes or title marks is the quotation's
        // own: `他說「Hello, world!」然後`, `电影《Stop!》很好看`.
        if next.is_some_and(|q| latin_quotation(&text[..p], q)) {
            continue;
        }
        if matches!(c, ':' | ';') && emoticon(&text[..p], &text[p + 1..]) {
            continue;
        }
        if in_operator(
            text[..p].chars().next_back(),
            c,
            text[p + 1..].chars().next(),
        ) {
            continue;
        }
        // The numbers of a citation are the reference list's: `方法[35, 2, 5]`.
        if c == ',' && in_citation(text, p) {
            continue;
        }
        // (A gloss in brackets after Han leaves the clause Chinese: `苹果(AAPL),2023年`.)
        // (Or kana, a Japanese name in the Chinese sentence: `她叫佐藤さくら,是`.)
        let after_han = before.is_some_and(|(_, c)| is_han(c) || class(c) == Class::Kana)
            || (prev == Some(')') && gloss_after_han(text, p))
            || (prev == Some('>') && closing_tag_after_han(&text[..p]));
        let token = before.is_some_and(|(q, _)| in_embedded(q));
        // (A clause mark after a quotation or a bracket, Chinese after it, is the Chinese
        // sentence's: `口号是"Just do it!",很经典`, `烤肉(삼겹살),气氛`.)
        let quotation_before = || {
            text[..p]
                .chars()
                .next_back()
                .is_some_and(|c| c == '"' || closes_quotation(c))
                || single_quoted_before(text, p)
        };
        // (Past a number that begins the Chinese clause: `选了Go,3个月`, `电影"Titanic",1997年`.)
        let after_token = (token || quotation_before())
            && next_strong(cs, i, &mut strong).is_some_and(|n| {
                is_han(n)
                    || (n.is_ascii_digit()
                        // (After a percentage too, which no digit group or decimal follows:
                        // `APR 4.5%,3期免息`.)
                        && (prev.is_some_and(|c| c.is_ascii_alphabetic() || c == '%')
                            || (matches!(c, ',' | ';') && quoted_name_before(text, p))
                            || compound())
                        && number_then_han(&cs[i + 1..]))
            });
        // In an island of an English sentence, a clause mark is Chinese only before more
        // Chinese: `(李实, 2020)` is an English citation; or as the island's own, ending its
        // line after an English clause (`…engage Party B; 鉴于甲方希望聘请乙方;`).
        let island_clause = d.island
            && Some(p) != clause_end
            && !next_strong(cs, i, &mut strong).is_some_and(is_han);
        // (Nor does one between the numbers or terms of a bracket without Han, a tuple or an
        // interval: `大小为(3, 224, 224)`, `范围为[0.01, 0.1]`.)
        let latin_bracket = || {
            // (Read on the mark's line only, as a part of a long text is cleaned alone.)
            // (Up to its close: after `+∞` the next is Han past it, `在(0,+∞)上`.)
            in_latin_parenthesis(&text[..p])
                && !text[p + 1..]
                    .chars()
                    .take(64)
                    .take_while(|&c| !matches!(c, '\n' | ')' | ']'))
                    .find(|&c| class(c).is_alnum())
                    .is_some_and(is_han)
        };
        // (Asked of `. ? !`, and of the `:` that ends a Chinese line's lead-in, `首先配置
        // Nginx:`; an embedded token's own `,` may end a line of a list.) The token is a
        // name, a term or a number glued to the mark:
        // after a plain lowercase word the sentence may be English (`陳上進 likes 林依諾's
        // status.`), and after a URL, a path or code the mark may be theirs.
        // (Closed inline code is no URL or path: its backtick ends it, `运行`make`.`.)
        // (Nor is inline math, closed by its dollar: `其中$x \in R$.`.)
        let after_code = matches!(prev, Some('`' | '$' | '}')) && protect::covers(protected, p - 1);
        // (A stray space may stand between them: `我们用的是 GPU .`.)
        // (A `.` there only after a term with a capital or a digit: after a lowercase word
        // or an option it is a command's directory, `ruff check .`, `tar -C .`.)
        let spaced_after_word = prev == Some(' ')
            && at(i.checked_sub(2)).is_some_and(|c| c.is_ascii_alphanumeric())
            && (matches!(c, '?' | '!') || {
                let head =
                    text[..p - 1].trim_end_matches(|c: char| !c.is_whitespace() && c.is_ascii());
                let word = &text[head.len()..p - 1];
                !word.starts_with(['-', '/', '.'])
                    && word
                        .bytes()
                        .any(|x| x.is_ascii_uppercase() || x.is_ascii_digit())
            });
        // (A URL's or an absolute path's finder has left the mark out of it, as a mark that
        // ends a line: `访问https://www.abc.com.`, `保存到/etc/hosts:`; a `;` after a path
        // ends a command, `cd /usr/local/bin;`.)
        let link_ends = |p: usize| {
            let mark = text.as_bytes()[p];
            protected
                .binary_search_by_key(&p, |r| r.end)
                .is_ok_and(|k| {
                    let link = &text[protected[k].clone()];
                    let url = ["http://", "https://", "www."]
                        .iter()
                        .any(|s| link.starts_with(s));
                    // (A Windows path too, `C:\Users\dev`.)
                    let b = link.as_bytes();
                    let drive = b.len() > 3 && b[0].is_ascii_alphabetic() && &b[1..3] == b":\\";
                    let path = link.starts_with('/') || link.starts_with("~/") || drive;
                    (url && matches!(mark, b'.' | b':' | b'!' | b'?' | b';'))
                        || (path && matches!(mark, b'.' | b':' | b'!' | b'?'))
                })
        };
        let url_ends = |p: usize| {
            protected
                .binary_search_by_key(&p, |r| r.end)
                .is_ok_and(|k| text[protected[k].clone()].contains("://"))
        };
        let mut token_ends_line = || {
            token
                // (A unit ends in a symbol or a superscript too: `C++`, `30h+`, `44Ω`, `12m²`,
                // `GPU 38%`.)
                && (prev.is_some_and(|c| {
                    c.is_alphanumeric()
                        || closes_quotation(c)
                        || matches!(c, '"' | '+' | '%' | '‰' | '℃')
                        // (A language's sharp, `C#`, `F#`; a folder's slash, `/var/log/`.)
                        || (c == '#' && sharp_name(&text[..p - 1]))
                        // (Not a URL's, which pangu leaves alone: `https://vinta.ws/code/.`)
                        || (c == '/' && link_ends(p) && !url_ends(p))
                        // (A statistic's bracket, `[P<0.05].`; not a reference's code.)
                        || (c == ']' && !document_type_code(&text[..p]))
                        // (A formula's braces, `e^{-λL}.`.)
                        || (c == '}' && formula_braces(&text[..p]))
                }) || after_code
                    || spaced_after_word)
                && (!protect::covers(protected, p - 1) || after_code || link_ends(p))
                && (!ends_in_plain_word(&text[..p])
                    || unit_after_number(&text[..p])
                    || prose.before(cs, i))
                && next_strong(cs, i, &mut strong).is_none()
                && *line_ends_here.get_or_insert_with(|| {
                    text[d.range.end..]
                        .chars()
                        .take_while(|&c| c != '\n')
                        .all(|c| !class(c).is_alnum())
                })
        };
        // (Or a question's or an answer's label follows, as Chinese text would: `Q: 什么是
        // RAG? A: 一种…`.)
        let label_after = || token && answer_label(&text[p + 1..]);
        let run = last_converted == Some(i.wrapping_sub(1)) && matches!(c, '?' | '!');
        // A number that begins its line, Chinese after the mark, is the Chinese clause's
        // (`40101:未授权`, `+1,我要`, `- 3:先打开设置`).
        // (A Roman numeral in one character too, `Ⅰ:选择题`.)
        let number_opens_line = || {
            let digit = |c: char| c.is_ascii_digit() || roman_glyph(c).is_some();
            prev.is_some_and(digit)
                && text[p + 1..].trim_start_matches(' ').starts_with(is_han)
                && whole_line_before(text, p, 32).is_some_and(|line| {
                    line.chars()
                        .all(|c| digit(c) || matches!(c, '+' | '-' | ' ' | '#'))
                })
        };
        // A comma (or `;`) glued between two embedded tokens parts the items of a Chinese
        // list (`支持Windows,Linux和macOS`, `关键词:NLP;BERT;深度学习`); not two lowercase words, which may be a command's
        // (`-t set,get`), nor in a parenthesis of English text (`(Large Language Model,LLM)`).
        // (Also before a quantity, `RTX 4060,8GB显存`, `OLED,120Hz`; not after an
        // abbreviation's point, a name's own comma, `Shenzhen XX Co.,Ltd.`.)
        let list_comma = matches!(c, ',' | ';')
            && token
            && !(c == ',' && prev == Some('.'))
            && !(c == ';' && tl_dr(text, p))
            && !(c == ',' && locants(text, p))
            && next.is_some_and(|n| {
                n.is_ascii_alphabetic()
                    || (c == ',' && quantity())
                    // (A cashtag: `买了$SOL,$DOGE和$PEPE`.)
                    || (n == '$' && protect::ticker(&text.as_bytes()[p + 2..]))
            })
            && in_embedded(p + 1)
            && !(ends_in_plain_word(&text[..p]) && starts_with_plain_word(&text[p + 1..]))
            && !in_latin_parenthesis(&text[..p]);
        // (Hanja in Korean text, its headline's abbreviations, are Korean's, whose marks are
        // ASCII: `北, 동해상으로`, `檢, 前 장관`: Hangul follows within a word or two, in a
        // line of more Hangul than Han; not a Korean word in Chinese, `去釜山,부산很美`.)
        let korean_after = || {
            let hangul = |c: char| class(c) == Class::Hangul;
            text[p + 1..]
                .chars()
                .take(8)
                .take_while(|&c| c == ' ' || is_han(c) || hangul(c))
                .any(hangul)
                && {
                    let line = line_around(text, p);
                    let han = line.chars().filter(|&c| is_han(c)).count();
                    line.chars().filter(|&c| hangul(c)).count() > han
                }
        };
        // (A term's `:` that ends the Chinese span before an English quotation introduces
        // it, the term its speaker: `赛后Klopp:"It was…"`.)
        // (Read in the text: the quote may lie past the span, `Klopp:“It was…”`.)
        let quotation_after = || {
            let mut after = text[p + 1..].chars();
            let quote = after.next();
            token
                && matches!(quote, Some('"' | '“'))
                && d.range.end <= p + 1 + quote.map_or(0, char::len_utf8)
                && after.next().is_some_and(|c| c.is_ascii_alphabetic())
        };
        // (A clause mark after an embedded token that ends the Chinese span, the English
        // after it a clause of its own, is the Chinese clause's, as after Han: `今天跑了5km,not
        // bad` -> `5km，not bad`, as `5公里，not bad`.)
        // (Not a capitalized name's, which may begin a citation, `参考文献Vaswani,A.`.)
        let ends_clause = || {
            let term_after_han = |e: &Range<usize>| {
                let head = &text[..e.start];
                head.strip_suffix(' ').unwrap_or(head).ends_with(is_han)
                    && !span::capitalized(&text.as_bytes()[e.clone()])
            };
            before.is_some_and(|(q, _)| embedded_at(q).is_some_and(term_after_han))
                && !d.island
                && text[p + 1..d.range.end].trim_start_matches(' ').is_empty()
                && text[d.range.end..]
                    .trim_start_matches(' ')
                    .starts_with(|c: char| c.is_ascii_alphabetic())
        };
        // (Or it ends the Chinese span, an English sentence after it: `请升级到v2.3.1.Thanks
        // for reporting!` -> `v2.3.1。Thanks`.)
        let english_sentence_after = || {
            token
                && !d.island
                && text[p + 1..d.range.end].trim_start_matches(' ').is_empty()
                && text[d.range.end..].starts_with(|c: char| c.is_ascii_uppercase())
        };
        let wide = match c {
            ',' | ';'
                if (after_han
                    || after_token
                    || list_comma
                    || number_opens_line()
                    || ends_clause())
                    && !island_clause
                    && !korean_after()
                    && !latin_bracket()
                    && !(c == ',' && (json_member(text, p) || code_member(text, p)))
                    && !(c == ';' && (css_declaration(text, p) || statement_end(text, p))) =>
            {
                ["，", "；"][usize::from(c == ';')]
            }
            // (A clause of a list that ends its line: `即RMB 384,000.00;`; a clause that
            // goes on in the next, as text cut into lines does: `模型为BERT,`.)
            ';' if !island_clause
                && token_ends_line()
                && !css_declaration(text, p)
                && !statement_end(text, p) =>
            {
                "；"
            }
            // (Not after an English list, whose commas stay, `平台:Windows, Linux,`, nor in
            // code, a call's or a value's, `f(x,`, `"timeout": 30,`; a formula's is the
            // clause's, `mgh=½mv²,`.)
            ',' if !island_clause
                && prev.is_some_and(char::is_alphanumeric)
                && !protect::covers(protected, p - 1)
                && token_ends_line()
                && !line_before(text, p, 256)
                    .rsplit(|c: char| is_cjk_or_fullwidth(c))
                    .next()
                    .is_some_and(|run| run.contains([',', '"', '(', '[', '{'])) =>
            {
                "，"
            }
            // (Not between numbers, spaces around it or not: a score or a time, `3: 2`,
            // `2 : 1`.)
            ':' if (after_han
                || after_token
                || token_ends_line()
                || number_opens_line()
                || acronym_label(text, p)
                || contact_label(text, p)
                || speaker_label(text, p)
                || quotation_after())
                && !(text[..p]
                    .strip_suffix(' ')
                    .unwrap_or(&text[..p])
                    .ends_with(|c: char| c.is_ascii_digit())
                    && text[p + 1..]
                        .trim_start_matches(' ')
                        .starts_with(|c: char| c.is_ascii_digit()))
                && (!matches!(next, Some('/' | '\\')) || subtitle_break_at(text, p + 1, protected))
                // (Nor after an English label that begins its line, before a space: `Party
                // A: 上海华信`, `ZHOU: 对`, `Tags: 科技`.)
                // (Its emphasis closed after it: `**Note:** 这个`.)
                && !(text[p + 1..]
                    .trim_start_matches(['*', '_'])
                    .starts_with([' ', '\t'])
                    && latin_label(text, p))
                // (Nor an e-mail subject's reply or forward prefix: `主题: RE: 关于`.)
                && !reply_prefix(&text[..p])
                // (Nor glued inside a token: `localhost:3000`, `nginx:1.25`, `main.c:42`;
                // but a mention is a label, `@GG_Bond:2024年了`.)
                // (A number's label is not, `用户1234:GOOD`.)
                && (!(prev.is_some_and(|c| c.is_ascii_alphanumeric())
                    && next.is_some_and(|c| {
                        c.is_ascii_digit()
                            || (c.is_ascii_alphabetic() && !ends_in_number(&text[..p]))
                    }))
                    || mention_before(&text[..p])
                    || acronym_label(text, p)
                    || contact_label(text, p)
                    || speaker_label(text, p))
                && !commit_header(text, p)
                && !code_member(text, p) =>
            {
                "："
            }
            // (Not the `!` of a Markdown image, `图片![示意图](img/a.png)`.)
            // (Or glued between two terms or numbers, which the rules of sentence ends read
            // as a Chinese sentence's: `SQLite?Litestream这套`, `升到了6.8?535的驱动`.)
            '?' | '!'
                if (after_han
                    || after_token
                    || run
                    || token_ends_line()
                    || label_after()
                    || glued_between(text, p))
                    && ends.at(text, p)
                    && !(c == '!' && markdown_image(&text[p + 1..])) =>
            {
                if c == '?' {
                    "？"
                } else {
                    "！"
                }
            }
            // (Not after a word before a CJK mark that ends the sentence itself: `J. K.。`.)
            // (Nor a command's argument, the current directory: `执行git add .添加`.)
            // (Nor a package's or a version's wildcard, `javax.*`, `v1.*`; but Markdown
            // emphasis and footnote stars follow a sentence end, `备份MySQL.**然后`,
            // `增长20.*数据未经审计`.)
            // (Nor an abbreviation alone in brackets, a part of speech's: `词性(n.)和(v.)`,
            // or standing apart before its gloss, `| apple | n. 苹果 |`.)
            '.' if next != Some('.')
                && !(bracketed_word(&text[..p], next)
                    || (next == Some('*') && wildcard(&text[..p], &text[p + 1..]))
                    || part_of_speech(&text[..p], next))
                && !shell_argument(text, p, false)
                && prev != Some('.')
                && (after_han || !matches!(next, Some('。' | '！' | '？')))
                && ((after_han && !prev.is_some_and(|c| c.is_ascii_alphabetic()))
                    // (Not the `[J].` of a reference, GB/T 7714's own mark.)
                    || (after_token && !document_type_code(&text[..p]))
                    || token_ends_line()
                    || label_after()
                    || english_sentence_after())
                && ends.at(text, p) =>
            {
                "。"
            }
            _ => continue,
        };
        // An entry of a GB/T 7714 reference list keeps the standard's marks.
        if reference_entry(text, p) {
            continue;
        }
        // No space before full-width punctuation.
        if prev == Some(' ') && i >= 2 && !between_digits(text, cs, i) {
            ops.push((p - 1..p, ""));
        }
        ops.push((p..p + 1, wide));
        last_converted = Some(i);
        converted.push(i);
        // No space after full-width punctuation, even before the English sentence that
        // follows the span (`据报道， the firms` -> `据报道，the firms`).
        // (Past the marks it carries, a footnote call's superscript too: `表明，¹ 这个`.)
        let attached = |c: char| class(c) == Class::Mark;
        let marks = text[p + 1..].len() - text[p + 1..].trim_start_matches(attached).len();
        let q = p + 1 + marks;
        let after = text[q..].strip_prefix(' ').and_then(|t| t.chars().next());
        // (Not between digits: `3.5：3.5` would read as one number; nor before a combining
        // mark, which would then combine with the mark.)
        // (A comma joins two numbers only before a group of three digits, which
        // normalization reads as a thousands separator: `12， 34` → `12，34`.)
        let digit_before = digit_ends(&text[..p])
            && (wide != "，" || group_of_three(text[q..].strip_prefix(' ').unwrap_or("")));
        // (After a superscript, only before CJK text, as spacing reads it: `，¹ the`.)
        let superscript = text[p + 1..q].chars().any(|c| !is_mark(c));
        let cjk = |c: char| matches!(class(c), Class::Han | Class::Kana | Class::CjkPunct);
        // (Nor before a separator standing apart: ` ||| ` parts the two sides of a parallel
        // corpus's line, `北京. ||| He` → `北京。 ||| He`, and so do ` / `, ` → `, ` - `.)
        let separator = || {
            let rest = &text[q + 1..];
            let end = rest.find([' ', '\n']).unwrap_or(rest.len());
            end > 0
                && end <= 4
                && rest[..end].chars().all(|c| {
                    matches!(
                        c,
                        '|' | '/' | '\\' | '=' | '-' | '>' | '<' | '~' | '+' | '*'
                    ) || matches!(c, '→' | '⇒' | '←' | '↔' | '—' | '–' | '｜' | '／' | '＝')
                })
        };
        if !protect::covers(protected, q)
            && after.is_some_and(|c| !(is_mark(c) || (c.is_ascii_digit() && digit_before)))
            && !separator()
            && (!superscript || after.is_some_and(cjk))
        {
            ops.push((q..q + 1, ""));
        }
    }
    // No space inside full-width punctuation, whatever the text beside it (`Java 。`); not
    // before a combining mark, which would then combine with the bracket.
    for (i, &(p, c)) in cs.iter().enumerate() {
        let space = |k: usize| cs.get(k).is_some_and(|&(q, ch)| ch == ' ' && editable(q));
        if i >= 2
            && space(i - 1)
            && wide_closing(c)
            && !between_digits(text, cs, i)
            && !whitespace::after_list_marker(text, p - 1)
        {
            ops.push((p - 1..p, ""));
        }
        if i + 2 < cs.len() && space(i + 1) && wide_opening(c) && !is_mark(cs[i + 2].1) {
            ops.push((p + c.len_utf8()..p + c.len_utf8() + 1, ""));
        }
        // (Not where the mark would then join two numbers: `2023， 340`, `3： 1`.)
        let digit_before = || {
            digit_ends(&text[..p])
                && (c != '，'
                    || group_of_three(text[p + c.len_utf8()..].strip_prefix(' ').unwrap_or("")))
        };
        // (Nor after a closing bracket, before a word or number of the span: `（含税） 199元`.)
        if i + 2 < cs.len()
            && space(i + 1)
            && wide_closing(c)
            && cs[i + 2].1.is_ascii_alphanumeric()
            && !(cs[i + 2].1.is_ascii_digit() && digit_before())
        {
            ops.push((p + c.len_utf8()..p + c.len_utf8() + 1, ""));
        }
    }
    for &k in &slips {
        let p = cs[k].0;
        // (A space between it and CJK text goes, as spacing drops one beside full-width
        // marks.)
        let cjk = |i: Option<usize>| {
            i.and_then(|i| cs.get(i)).is_some_and(|&(_, ch)| {
                matches!(class(ch), Class::Han | Class::Kana | Class::CjkPunct)
            })
        };
        let space = |i: usize| cs.get(i).is_some_and(|&(q, ch)| ch == ' ' && editable(q));
        // (The space and the CJK text before it may lie before the span, which the
        // bracket begins: `a,。 (中文)`.)
        let cjk_before_span = || {
            k == 0
                && p >= 1
                && text.as_bytes()[p - 1] == b' '
                && !protect::covers(protected, p - 1)
                && text[..p - 1].chars().next_back().is_some_and(|ch| {
                    matches!(class(ch), Class::Han | Class::Kana | Class::CjkPunct)
                })
        };
        if k >= 1 && space(k - 1) && cjk(k.checked_sub(2)) {
            ops.push((cs[k - 1].0..p, ""));
        } else if cjk_before_span() {
            ops.push((p - 1..p, ""));
        }
        ops.push((p..p + 1, if cs[k].1 == '(' { "（" } else { "）" }));
        if space(k + 1) && cjk(Some(k + 2)) {
            ops.push((p + 1..p + 2, ""));
        }
    }
    for &(o, c) in &brackets {
        let (po, pc) = (cs[o].0, cs[c].0);
        let space = |i: usize| cs.get(i).is_some_and(|&(_, ch)| ch == ' ');
        let wide = |i: Option<usize>| i.is_some_and(|k| k < cs.len() && wide_after(k, &converted));
        // The spaces and text around may lie outside the span.
        let wide_before = |o: usize| {
            wide(o.checked_sub(2))
                || (o < 2
                    && text[..po - 1]
                        .chars()
                        .next_back()
                        .is_some_and(is_cjk_or_fullwidth))
        };
        // (No space before it after a word either, as none is before full-width marks:
        // `EPS (元/股)` -> `EPS（元/股）`.)
        let word_before = |o: usize| {
            o >= 2
                && editable(po - 1)
                && text[..po - 1]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
        };
        if po >= 1 && text.as_bytes()[po - 1] == b' ' && (wide_before(o) || word_before(o)) {
            ops.push((po - 1..po, ""));
        }
        ops.push((po..po + 1, "（"));
        // (Past combining marks, which stay with the bracket.)
        let inner = (o + 1..c).find(|&k| !is_mark(cs[k].1)).unwrap_or(c);
        if space(inner) {
            ops.push((cs[inner].0..cs[inner].0 + 1, ""));
        }
        if c >= 1 && space(c - 1) && c - 1 > inner {
            ops.push((cs[c - 1].0..pc, ""));
        }
        ops.push((pc..pc + 1, "）"));
        let wide_next = |c: usize| {
            wide(Some(c + 2))
                || cs
                    .get(c + 2)
                    .is_some_and(|&(_, ch)| ch.is_ascii_alphanumeric())
                || (c + 2 >= cs.len()
                    && text[pc + 2..]
                        .chars()
                        .next()
                        .is_some_and(is_cjk_or_fullwidth))
        };
        if text.as_bytes().get(pc + 1) == Some(&b' ') && wide_next(c) {
            ops.push((pc + 1..pc + 2, ""));
        }
    }
}

/// The brackets of an island that is an aside of the English sentence around it
/// (`Xinhua News Agency（新华社），the meeting`), and the mark after them, are that
/// sentence's: ASCII, spaced as English (`Xinhua News Agency (新华社), the meeting`; with
/// ASCII brackets only the mark changes, `Commerce (商务部)， adding`).
fn narrow_aside(text: &str, cs: &[(usize, char)], protected: &[Range<usize>], ops: &mut Vec<Op>) {
    let (po, wide) = match cs.first() {
        Some(&(po, '（')) => (po, true),
        Some(&(po, '(')) => (po, false),
        _ => return,
    };
    let (open, close) = if wide { ('（', '）') } else { ('(', ')') };
    let Some((_, c)) = pairs(cs, open, close).into_iter().find(|&(o, _)| o == 0) else {
        return;
    };
    let pc = cs[c].0;
    // After the pair, at most one clause or sentence mark.
    let mark = match &cs[c + 1..] {
        [] if wide => None,
        &[(p, m)] if matches!(m, '，' | '；' | '：' | '。' | '！' | '？') => Some((p, m)),
        _ => return,
    };
    let end = mark.map_or(pc + close.len_utf8(), |(p, _)| p + 3);
    let next = text[end..].chars().next();
    // A sentence mark stays full-width unless it surely ends the sentence as ASCII.
    let sentence_end = matches!(mark, Some((_, '。' | '！' | '？')));
    if (sentence_end && next.is_some_and(|n| !n.is_whitespace()))
        || [po, pc]
            .into_iter()
            .chain(mark.map(|m| m.0))
            .any(|p| protect::covers(protected, p))
    {
        return;
    }
    // (A word, a number or a closing mark before it: `as much as 10%（涨停）`, `"thinking
    // mode"（思考模式）`; or an abbreviation's period, `Lianhe Inc.（联合公司）`.)
    let word_before = text[..po].chars().next_back().is_some_and(|c| {
        c.is_alphanumeric() || matches!(c, '%' | '‰' | ')' | ']' | '”' | '’' | '"' | '`')
    }) || text[..po]
        .strip_suffix('.')
        .is_some_and(|t| t.ends_with(|c: char| c.is_ascii_alphabetic()));
    if wide {
        if word_before {
            ops.push((po..po, " "));
        }
        ops.push((po..po + 3, "("));
        ops.push((pc..pc + 3, ")"));
    }
    if let Some((p, m)) = mark {
        ops.push((p..p + 3, narrow(m).unwrap_or(",")));
    }
    if next.is_some_and(char::is_alphanumeric) {
        ops.push((end..end, " "));
    }
}

/// The `(`/`)` pairs (as indices of `cs`) that become full-width: editable pairs that
/// enclose Chinese. Beside English text on the line (`aside`), a pair that holds all of the
/// span's Han text is an aside of the English sentence and keeps its marks (`so? (“分寸”)...
/// You`).
fn chinese_brackets(
    cs: &[(usize, char)],
    editable: &dyn Fn(usize) -> bool,
    aside: bool,
) -> Vec<(usize, usize)> {
    let pairs = pairs(cs, '(', ')');
    if pairs.is_empty() {
        return pairs;
    }
    // The first letter or digit at or after each index (pairs may nest: no rescans).
    let mut first_strong = vec![cs.len(); cs.len() + 1];
    for j in (0..cs.len()).rev() {
        first_strong[j] = if class(cs[j].1).is_alnum() {
            j
        } else {
            first_strong[j + 1]
        };
    }
    // Han characters before each index.
    let mut han_before = Vec::with_capacity(cs.len() + 1);
    han_before.push(0usize);
    for &(_, ch) in cs {
        han_before.push(han_before[han_before.len() - 1] + usize::from(is_han(ch)));
    }
    pairs
        .into_iter()
        .filter(|&(o, c)| {
            let f = first_strong[o + 1];
            // Chinese inside: it starts with Han, or holds Han after a number (`(5折)`) or
            // after anything when the bracket opens no call (`版本(v3.2.1及以上)`, but
            // `parse(s, "中文")`, `print("你好")`).
            // (Not after a capitalized name, with Chinese not quoted inside: a product's
            // aside, `Devin(Cognition Labs出品,月费$500)`.)
            let aside_of_name = capitalized_name_before(cs, o)
                && han_before[c] > han_before[o]
                && !cs[o + 1..c]
                    .iter()
                    .any(|&(_, ch)| matches!(ch, '"' | '\'' | '“' | '”'));
            let call = o > 0 && is_name_end(cs[o - 1].1) && !aside_of_name;
            let string_argument = call && matches!(cs[o + 1].1, '"' | '\'');
            let chinese_inside = f < c
                && ((is_han(cs[f].1) && !string_argument)
                    || (han_before[c] > han_before[f] && (cs[f].1.is_ascii_digit() || !call)));
            let all_han_inside = han_before[o] == 0 && han_before[cs.len()] == han_before[c + 1];
            // (The target of a Markdown link is no bracket of the text: `[文档](https://a.com/文档)`.)
            let link_target = o > 0 && cs[o - 1].1 == ']' && cs[o - 1].0 + 1 == cs[o].0;
            // (Nor a substituent's brackets in a chemical name, after a locant's hyphen and
            // before its own locant: `4-(2-甲基丙基)苯乙酸`; not `100-(200元)`.)
            let substituent = o >= 2
                && cs[o - 1].1 == '-'
                && (cs[o - 2].1.is_ascii_alphanumeric() || is_han(cs[o - 2].1))
                && {
                    let digits = cs[o + 1..c]
                        .iter()
                        .take_while(|x| x.1.is_ascii_digit())
                        .count();
                    digits > 0 && matches!(cs[o + 1 + digits].1, '-' | ',' | '\'')
                };
            chinese_inside
                && !((aside && all_han_inside) || link_target || substituent)
                && editable(cs[o].0)
                && editable(cs[c].0)
        })
        .collect()
}

/// The ASCII brackets (indices of `cs`) paired with a full-width one around Han text: a
/// slip of the keyboard's width, which takes its partner's (`（详见第3章)` → `）`). An
/// ASCII bracket with an ASCII partner is none, nor is an emoticon's mouth (`（笑死 :)
/// 真的)`), and a list's marker closes only a bracket that nothing else closes (`（详见下文
/// 1) 第一点 2) 第二点）`, but `（详见附录 A)和（附录 B）`).
///
/// Asked only of a span that holds an ASCII bracket.
fn slipped_brackets(cs: &[(usize, char)], editable: &dyn Fn(usize) -> bool) -> Vec<usize> {
    let mut out = Vec::new();
    if !cs.iter().any(|&(_, c)| matches!(c, '（' | '）')) {
        return out;
    }
    let mut paired: Vec<usize> = pairs(cs, '(', ')')
        .into_iter()
        .flat_map(|(o, c)| [o, c])
        .collect();
    paired.sort_unstable();
    let before = |k: usize, j: usize| k.checked_sub(j).map(|j| cs[j].1);
    let marker = |k: usize| {
        before(k, 1).is_some_and(|c| c.is_ascii_alphanumeric())
            && before(k, 2).is_none_or(|c| !c.is_alphanumeric())
    };
    // (An emoticon's eyes or nose, which the round before may have made full-width.)
    let face = |k: usize| {
        before(k, 1).is_some_and(|c| matches!(c, ':' | ';' | '=' | '-' | '^' | '：' | '；'))
    };
    // Han before each index, to tell a pair around Han.
    let mut han = Vec::with_capacity(cs.len() + 1);
    han.push(0usize);
    for &(_, c) in cs {
        han.push(han[han.len() - 1] + usize::from(is_han(c)));
    }
    let slip = |o: usize, c: usize, out: &mut Vec<usize>| {
        let k = if cs[o].1 == '(' { o } else { c };
        if (cs[o].1 == '(') != (cs[c].1 == ')') && han[c] > han[o] && editable(cs[k].0) {
            out.push(k);
        }
    };
    let mut stack: Vec<usize> = Vec::new();
    let mut passed: Vec<usize> = Vec::new();
    for (i, &(_, c)) in cs.iter().enumerate() {
        if matches!(c, '(' | ')') && paired.binary_search(&i).is_ok() {
            continue;
        }
        match c {
            '(' | '（' => stack.push(i),
            ')' if face(i) || marker(i) => passed.push(i),
            ')' | '）' => {
                if let Some(o) = stack.pop() {
                    slip(o, i, &mut out);
                }
            }
            _ => {}
        }
    }
    // A full-width bracket left open is closed by the first marker's or emoticon's after
    // it, with no other bracket between but ASCII pairs.
    for o in stack.into_iter().filter(|&o| cs[o].1 == '（') {
        let next = (o + 1..cs.len()).find(|&j| {
            matches!(cs[j].1, '(' | ')' | '（' | '）') && paired.binary_search(&j).is_err()
        });
        if let Some(j) = next
            && passed.binary_search(&j).is_ok()
        {
            slip(o, j, &mut out);
        }
    }
    out.sort_unstable();
    out
}

/// Whether `cs` begins with a number (and spaces) before Han text: `3个月`, `2024 年`.
fn number_then_han(cs: &[(usize, char)]) -> bool {
    cs.iter()
        .map(|&(_, c)| c)
        .find(|&c| !(c.is_ascii_digit() || matches!(c, ' ' | '.')))
        .is_some_and(is_han)
}

/// Whether the word before index `o` is a capitalized name (`Devin`, `iPhone` is not),
/// not code (`Math.max`, `Foo_bar`).
fn capitalized_name_before(cs: &[(usize, char)], o: usize) -> bool {
    let (mut first, mut code) = (None, false);
    for &(_, c) in cs[..o].iter().rev() {
        if !(is_name_end(c) || c == '.') {
            break;
        }
        first = Some(c);
        code |= matches!(c, '.' | '_');
    }
    first.is_some_and(|c| c.is_ascii_uppercase()) && !code
}

/// Whether `c` may end the name of a function called with a bracket glued after it.
fn is_name_end(c: char) -> bool {
    matches!(c, 'a'..='z' | 'A'..='Z' | '0'..='9' | '_')
}

/// Whether the sentence that is open at `pos` began with English text on the same line: its
/// first letter since the line start or the last sentence-final mark is not CJK.
/// (Only the last KiB before `pos` is read, so that the spans of a long line cost no more
/// than a short one's.)
/// Whether a subtitle event's line break (`\N`, `\n`, protected as its markup) begins at
/// byte `pos` of `text`.
fn subtitle_break_at(text: &str, pos: usize, protected: &[Range<usize>]) -> bool {
    protect::subtitle_break(text, protected, pos..pos + 2, false)
}

fn english_before(text: &str, pos: usize) -> bool {
    let line = line_before(text, pos, 1024);
    // (A subtitle event's line break ends a line: `Hello!\N你好!`.)
    let event = line.starts_with("Dialogue:") || line.starts_with("Comment:");
    let line = line
        .rfind(r"\N")
        .max(line.rfind(r"\n"))
        .filter(|_| event)
        .map_or(line, |i| &line[i + 2..]);
    let sentence = line
        .rfind(['.', '!', '?', '。', '！', '？', '．', '｡'])
        .map_or(line, |i| &line[i..]);
    // (A quoted phrase that opens it is a word named, Chinese going on after it:
    // `"be used to doing"表示习惯于做某事.` is a Chinese sentence.)
    let sentence = {
        let body = sentence.trim_start_matches(|c: char| {
            !c.is_alphanumeric() && !matches!(c, '"' | '“' | '「' | '『')
        });
        body.chars()
            .next()
            .and_then(|open| {
                let close = closing_quote(open)?;
                let inner = &body[open.len_utf8()..];
                let end = inner.find(close)?;
                let rest = &inner[end + close.len_utf8()..];
                // (It may end where the Chinese span asking begins.)
                let after = rest.trim_start_matches(' ');
                (after.is_empty() || after.starts_with(is_han)).then_some(rest)
            })
            .unwrap_or(sentence)
    };
    // (Begun by its first letter: `我们用的是Spring Boot的技术栈.` is a Chinese sentence;
    // a letter label is no word, `A：用 ps aux 看看.` is one too.)
    let mut letters = sentence.char_indices().filter(|&(_, c)| c.is_alphabetic());
    let label = |i: usize, c: char| {
        let after = || &sentence[i + 1..];
        c.is_ascii_uppercase()
            && (after().starts_with([':', '：', ')', '）'])
                || after()
                    .strip_prefix(' ')
                    .unwrap_or(after())
                    .starts_with(is_han))
    };
    let first = match letters.next() {
        Some((i, c)) if label(i, c) => letters.next(),
        first => first,
    };
    // (Nor is a name of up to four capitalized words that Han follows, the subject of a
    // Chinese sentence: `Ives称,这是"a golden buying opportunity",并预计….`)
    let subject = || {
        let Some((i, _)) = first else {
            return false;
        };
        let mut rest = &sentence[i..];
        for _ in 0..4 {
            let word = rest
                .bytes()
                .take_while(|x| x.is_ascii_alphanumeric() || matches!(x, b'.' | b'-'))
                .count();
            if word == 0 || !rest.starts_with(|c: char| c.is_ascii_uppercase()) {
                return false;
            }
            rest = &rest[word..];
            let after = rest.strip_prefix(' ').unwrap_or(rest);
            if after.starts_with(is_han) {
                return true;
            }
            rest = match rest.strip_prefix(' ') {
                Some(r) => r,
                None => return false,
            };
        }
        false
    };
    first.is_some_and(|(_, c)| !matches!(class(c), Class::Han | Class::Kana | Class::Hangul))
        && !subject()
}

/// Whether `rest` begins with a group of three digits masked by `x` or `*`, no letter or
/// digit after it: the hidden part of a number (`18,xxx分`).
fn masked_group(rest: &[u8]) -> bool {
    rest.len() >= 3
        && (rest[..3].iter().all(|&x| x == b'x' || x == b'X') || rest[..3] == *b"***")
        && rest.get(3).is_none_or(|x| !x.is_ascii_alphanumeric())
}

/// Whether the `,` at `p` parts the element locants of a chemical name: the symbol of
/// nitrogen, oxygen, sulphur or phosphorus on each side, a hyphen after (`N,N-二甲基甲酰胺`,
/// `N,N'-`, `O,O-`).
fn locants(text: &str, p: usize) -> bool {
    let (before, after) = (&text.as_bytes()[..p], &text.as_bytes()[p + 1..]);
    let capital = |k: usize, b: &[u8]| b.get(k).is_some_and(|x| b"NOSP".contains(x));
    let n = before.len();
    n >= 1
        && capital(n - 1, before)
        && (n == 1 || !before[n - 2].is_ascii_alphanumeric())
        && capital(0, after)
        && {
            let rest = &text[p + 2..];
            rest.trim_start_matches(['\'', '′']).starts_with('-')
        }
}

/// Whether the `,` at `p` ends a member of a JSON object on its line, its value a string
/// (`"login.error": "密码错误,请重试.",` in a localization file).
fn json_member(text: &str, p: usize) -> bool {
    text[..p].ends_with('"')
        && line_ends_after(text, p + 1)
        && whole_line_before(text, p, 1024)
            .is_some_and(|line| line.trim_start().starts_with('"') && line.contains("\": \""))
}

/// Whether the `,` or `:` at `p` parts the members of data written on one line, JSON or a
/// literal of code: inside a `[` or `{` opened before it on its line, with no Han outside
/// the quotes between, after a closing quote, bracket or digit and before an opening one,
/// a digit or a key (`{"code":0,"msg":"操作成功"}`, `["中文", "分词"]`); or the `,` that
/// ends a member of an object or array literal written one member a line, after its
/// string or bracket (`success: '保存成功,请刷新',`, `'msg' => '保存成功',`, `"tags":
/// ["中文", "分词"],`).
fn code_member(text: &str, p: usize) -> bool {
    let before = text[..p].trim_end_matches(' ');
    let after = text[p + 1..].trim_start_matches(' ');
    let closes =
        before.ends_with(['"', '\'', ']', '}']) || before.ends_with(|c: char| c.is_ascii_digit());
    if !closes {
        return false;
    }
    let line = line_before(text, p, 1024);
    // (The line outside its strings: brackets and Han there are the code's. Single quotes
    // around data are a shell's, its contents the data: `curl -d '{"name":"张三"}'`.)
    let mut quote = None;
    let mut depth = 0usize;
    let mut han = false;
    let mut chars = line.chars().peekable();
    let mut prev = None;
    while let Some(c) = chars.next() {
        let before = prev.replace(c);
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'')
                if matches!(chars.peek(), Some('{' | '[')) || matches!(before, Some('}' | ']')) => {
            }
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => {
                depth += 1;
                han = false;
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            (None, _) => han |= is_han(c),
        }
    }
    if quote.is_some() {
        return false;
    }
    let opens = after.starts_with(['"', '\'', '[', '{'])
        || after.starts_with(|c: char| c.is_ascii_alphanumeric());
    if depth > 0 && !han && opens {
        return true;
    }
    // One member a line: a key first, and nothing after the comma.
    let key = |l: &str| {
        let l = l.trim_start();
        let (k, rest) = match l.chars().next() {
            Some(q @ ('"' | '\'')) => match l[1..].find(q) {
                Some(e) => (&l[1..1 + e], &l[e + 2..]),
                None => return false,
            },
            _ => {
                let e = l
                    .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
                    .unwrap_or(l.len());
                (&l[..e], &l[e..])
            }
        };
        !k.is_empty()
            && k.is_ascii()
            && (rest.starts_with(": ") || rest.starts_with(" => ") || rest.starts_with(":\""))
    };
    text[..p].ends_with(['"', '\'', ']', '}'])
        && line_ends_after(text, p + 1)
        && whole_line_before(text, p, 1024).is_some_and(key)
}

/// Whether `head` ends with a password after its label (`密码:kyoto2024`, `口令为admin123`,
/// `Password: P@ssw0rd`): ASCII with a letter and a digit, which a mark glued after it may
/// belong to.
fn password_before(head: &str) -> bool {
    const LABELS: [&str; 5] = ["密码", "口令", "password", "passwd", "pwd"];
    let from = head.len().saturating_sub(64);
    let tail = head.as_bytes()[from..]
        .iter()
        .rev()
        .take_while(|x| x.is_ascii_graphic() && !matches!(x, b':' | b'='))
        .count();
    let (label, value) = head.split_at(head.len() - tail);
    let label = label
        .trim_end_matches([':', '：', '=', ' ', '为', '是'])
        .as_bytes();
    value.bytes().any(|x| x.is_ascii_alphabetic())
        && value.bytes().any(|x| x.is_ascii_digit())
        && LABELS.iter().any(|l| {
            label.len() >= l.len()
                && label[label.len() - l.len()..].eq_ignore_ascii_case(l.as_bytes())
        })
}

/// Whether `head` ends with a closing tag of inline markup after Han text (`隐私政策</a>`):
/// a mark after it is the Chinese sentence's.
fn closing_tag_after_han(head: &str) -> bool {
    let from = head.len().saturating_sub(16);
    let Some(k) = head.as_bytes()[from..].iter().rposition(|&x| x == b'<') else {
        return false;
    };
    let k = from + k;
    head[k..].starts_with("</")
        && span::tag_len(&head[k..]) == Some(head.len() - k)
        && head[..k].chars().next_back().is_some_and(is_han)
}

/// Whether only blanks follow `p` on its line (read up to the first that is not one: a
/// line may hold a mark at every other character).
fn line_ends_after(text: &str, p: usize) -> bool {
    text[p..]
        .chars()
        .take_while(|&c| c != '\n')
        .all(char::is_whitespace)
}

/// Whether the `;` at `p` ends a CSS declaration, `property: value;` (`font-size: 12px;`,
/// `写color:red;即可`): a lowercase property after a brace, a `;`, a space, Han text or the
/// line's start, and a value of code, whose quoted font names may be Chinese
/// (`font-family: "微软雅黑", Arial;`).
fn css_declaration(text: &str, p: usize) -> bool {
    let line = line_before(text, p, 256);
    let decl = &line[line.rfind(['{', ';']).map_or(0, |i| i + 1)..];
    let Some((head, value)) = decl.split_once(':') else {
        return false;
    };
    let head = head.trim_end_matches(' ');
    let before = head.trim_end_matches(|c: char| c.is_ascii_lowercase() || c == '-');
    let property = &head[before.len()..];
    let mut quoted = false;
    let css = property.contains('-') || CSS_PROPERTIES.contains(&property);
    css && property.len() >= 3
        && property
            .trim_start_matches('-')
            .starts_with(|c: char| c.is_ascii_lowercase())
        && before
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || is_han(c))
        && !value.trim().is_empty()
        && value.chars().all(|c| {
            quoted ^= matches!(c, '"' | '\'');
            quoted || (c.is_ascii_graphic() || c == ' ') && !matches!(c, '{' | '}')
        })
}

/// CSS properties of one word, the common ones; a hyphenated name is one too.
#[rustfmt::skip]
const CSS_PROPERTIES: [&str; 28] = [
    "animation", "background", "border", "bottom", "color", "content", "cursor", "display",
    "flex", "float", "font", "gap", "grid", "height", "left", "margin", "opacity", "outline",
    "overflow", "padding", "position", "resize", "right", "top", "transform", "transition",
    "visibility", "width",
];

/// Whether the `;` at `p` ends a statement: before its line's comment (`return cache[id];
/// // 从缓存读取`, `SELECT * FROM user; -- 查询`), or one that its keyword begins or a call
/// ends, in Chinese text (`执行GRANT ALL ON *.* TO 'root'@'%';就好了`, `加上return 0;就行`,
/// `const count=ref(0);`), which a reader copies as it is.
fn statement_end(text: &str, p: usize) -> bool {
    let rest = text[p + 1..].trim_start_matches([' ', '\t']);
    // (After code, not a Chinese clause that a dash follows: `太累了; -- 明天再说`.)
    let code = text[..p]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, ')' | ']' | '"' | '\'' | '_'));
    let commented =
        rest.len() < text.len() - p - 1 && (rest.starts_with("//") || rest.starts_with("-- "));
    code && (commented || code_statement(line_before(text, p, 256)))
}

/// Whether the ASCII run that ends `line` (after its last non-ASCII character) is a
/// statement: its first word a keyword and code in it (`GRANT ALL ON *.* TO 'root'@'%'`,
/// `return 0`, `DROP TABLE users`; not `let me know`, `SHOW TIME`), or a method's call or
/// one without arguments last (`console.log(x)`, `init()`; not `f(x)`, `sugar(10g)`).
fn code_statement(line: &str) -> bool {
    let run = &line[line.rfind(|c: char| !c.is_ascii()).map_or(0, |i| {
        i + line[i..].chars().next().map_or(0, char::len_utf8)
    })..];
    let run = run.trim_start();
    let word = &run[..run
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(run.len())];
    let code = || {
        run.bytes().any(|x| {
            x.is_ascii_digit() || matches!(x, b'=' | b'(' | b'[' | b'\'' | b'"' | b'*' | b'_')
        }) || run.split(' ').any(|w| {
            matches!(
                w,
                "TABLE" | "FROM" | "INTO" | "DATABASE" | "WHERE" | "INDEX"
            )
        })
    };
    let call = || {
        let Some(body) = run.strip_suffix(')') else {
            return false;
        };
        let Some(open) = body.rfind('(') else {
            return false;
        };
        let name = &body[..open];
        let name = &name[name
            .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_')
            .len()..];
        !name.is_empty()
            && !body[open + 1..].contains(['(', ')'])
            && (open + 1 == body.len()
                || body[..open]
                    .strip_suffix(name)
                    .is_some_and(|h| h.ends_with('.')))
    };
    (word.len() < run.len() && STATEMENT_WORDS.contains(&word) && code()) || call()
}

/// Keywords that begin a statement: SQL's, capitalized as it is typed, and those of C-like
/// languages.
#[rustfmt::skip]
const STATEMENT_WORDS: [&str; 26] = [
    "ALTER", "CREATE", "DELETE", "DROP", "GRANT", "INSERT", "REVOKE", "SELECT", "SHOW",
    "TRUNCATE", "UPDATE", "USE", "await", "break", "const", "continue", "export", "import",
    "int", "let", "return", "throw", "using", "var", "yield", "package",
];

/// Whether the `;` at `p` is the one of `TL;DR` (any case).
fn tl_dr(text: &str, p: usize) -> bool {
    let (before, after) = (&text.as_bytes()[..p], &text.as_bytes()[p + 1..]);
    let word = |w: Option<&u8>| w.is_none_or(|x| !x.is_ascii_alphanumeric());
    before.len() >= 2
        && before[before.len() - 2..].eq_ignore_ascii_case(b"tl")
        && word(before.len().checked_sub(3).and_then(|k| before.get(k)))
        && after.len() >= 2
        && after[..2].eq_ignore_ascii_case(b"dr")
        && word(after.get(2))
}

/// Programs run with a subcommand or an option before a directory, written `.` for the
/// current one (`git add .`, `docker build -t app .`, `pip install -e .`).
const SUBCOMMAND_PROGRAMS: [&str; 8] = [
    "docker", "git", "npm", "pip", "pip3", "pnpm", "podman", "yarn",
];

/// Programs that may take the directory alone (`code .`, `pytest .`); as most are English
/// words too, they count only in Chinese text.
const DIRECTORY_PROGRAMS: [&str; 14] = [
    "black", "cmake", "code", "cp", "du", "eslint", "find", "grep", "ls", "mv", "prettier",
    "pytest", "rg", "rsync",
];

/// Whether the `.` at `p` is a command's argument, the current directory: a word of its
/// own at most four words after a program on its line, before a space, the line's end, Han
/// text or a shell operator (`git add .添加`, `pip install -e . 即可`, `docker build -t app:1
/// .命令`, `输入code .打开`). In `english` text only after a program and its subcommand
/// (`Run git add . to stage`; not `the black cat sat .`, `uses git .`).
fn shell_argument(text: &str, p: usize, english: bool) -> bool {
    let after = &text[p + 1..];
    if !text[..p].ends_with(' ')
        || !after.chars().next().is_none_or(|c| {
            c.is_whitespace() || is_han(c) || matches!(c, '&' | '|' | ';' | '`' | ')' | '）')
        })
    {
        return false;
    }
    // The words before it on its line, back to its CJK text.
    let line = line_before(text, p, 96);
    let run = line
        .rsplit(|c: char| !(c.is_ascii_graphic() || c == ' '))
        .next()
        .unwrap_or("");
    run.split_whitespace()
        .rev()
        .take(5)
        .enumerate()
        .any(|(args, w)| {
            let w = w.trim_start_matches('`');
            (SUBCOMMAND_PROGRAMS.contains(&w) && args >= 1)
                || (!english && DIRECTORY_PROGRAMS.contains(&w))
        })
}

/// What English punctuation follows: a letter, digit, percent sign or closing quote.
fn ends_text(c: char) -> bool {
    matches!(class(c), Class::Letter(_) | Class::Digit)
        || matches!(c, '"' | '\'' | '”' | '’' | ')' | '）' | '%' | '％')
}

/// A mark that may follow a sentence end: see [`is_sentence_end`].
fn is_closing_mark(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '"' | '\'' | ')' | '”' | '’' | ',' | ';' | ':' | '，' | '；' | '：'
    ) || matches!(c, '。' | '！' | '？' | '｡' | '．' | '）')
}

/// ASCII for a full-width or CJK punctuation mark, if it has one.
pub(crate) fn narrow(c: char) -> Option<&'static str> {
    const ASCII: &str = "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
    match c {
        '。' | '｡' => Some("."),
        // (Not the full-width grave accent: a backtick would delimit inline code, which
        // the stages before have not seen.)
        '｀' => None,
        // U+FF01..U+FF5E are ASCII U+0021..U+007E shifted by 0xFEE0.
        '\u{FF01}'..='\u{FF5E}' => {
            let i = (c as u32 - 0xFF01) as usize;
            ASCII.get(i..i + 1)
        }
        _ => None,
    }
}

fn english(
    text: &str,
    d: &Draft,
    cs: &[(usize, char)],
    protected: &[Range<usize>],
    ops: &mut Vec<Op>,
) {
    // The edges matter only for an island.
    let core = if d.island { core(cs) } else { 0..0 };
    // An island that is a sentence of English prose after a label's or speech's colon ends
    // in its own mark, typed full-width (`例句：She has lived here for ten years。`): the
    // mark is the sentence's (not a clause a Chinese verb takes, `让我们翻译I have been
    // there。`).
    // (A short one too, a warning's or an instruction's, capitalized, of four words or
    // more, two of them function words: `警告：Do not use near water。`.)
    let sentence = |s: &str| {
        lang::is_english_prose(s)
            || (s.starts_with(|c: char| c.is_ascii_uppercase())
                && s.split(' ').filter(|w| !w.is_empty()).nth(3).is_some()
                && lang::has_function_words(s, 2))
    };
    let own_end = d.island
        && matches!(cs.last(), Some(&(p, '。' | '！' | '？')) if p == core.end)
        && text[..d.range.start].trim_end().ends_with(['：', ':'])
        && sentence(&text[d.range.clone()]);
    // So does an English quotation, the mark inside its quotes (`他说：“I am not sure。”`,
    // `标语是「Just do it！」`).
    let quoted_end = d.island
        && matches!(cs, [(_, open), .., (p, '。' | '！' | '？'), (_, close)]
            if *p == core.end && closing_quote(*open) == Some(*close));
    let editable = |p: usize| {
        !protect::covers(protected, p)
            && (!d.island || core.contains(&p) || ((own_end || quoted_end) && p == core.end))
    };
    let at = |i: Option<usize>| i.and_then(|i| cs.get(i)).map(|&(_, c)| c);
    // Indices of the brackets of full-width pairs without Han inside, sorted.
    let mut paired: Vec<usize> = Vec::new();
    // (Square brackets and braces too: both or neither, `ABC［］` -> `ABC[]`.)
    let pairs: Vec<(usize, usize)> = [('（', '）'), ('［', '］'), ('｛', '｝')]
        .into_iter()
        .flat_map(|(o, c)| pairs(cs, o, c))
        .collect();
    if !pairs.is_empty() {
        let mut han_before = Vec::with_capacity(cs.len() + 1);
        han_before.push(0usize);
        for &(_, ch) in cs {
            han_before.push(han_before[han_before.len() - 1] + usize::from(is_han(ch)));
        }
        for (o, c) in pairs {
            // Both or neither: an island's edge is left as it is, and so is a bracket
            // glued to the end of a URL or path (see below), not of closed inline code.
            let glued_to_token = |i: usize| {
                let (p, len) = (cs[i].0, cs[i].1.len_utf8());
                protected.binary_search_by_key(&p, |r| r.end).is_ok()
                    && !text[..p].ends_with('`')
                    && text[p + len..].starts_with(|n: char| !n.is_whitespace())
            };
            if han_before[c] == han_before[o + 1]
                && editable(cs[o].0)
                && editable(cs[c].0)
                && !glued_to_token(o)
                && !glued_to_token(c)
            {
                paired.extend([o, c]);
            }
        }
        paired.sort_unstable();
    }
    // The index of the last mark converted.
    let mut last: Option<usize> = None;
    // Whether the span's line reads as English prose (its Chinese islands aside), asked at
    // its first stray space before `!` or `?`.
    let english = std::cell::OnceCell::new();
    for (i, &(p, c)) in cs.iter().enumerate() {
        let bracket = matches!(c, '（' | '）' | '［' | '］' | '｛' | '｝');
        if bracket && paired.binary_search(&i).is_err() {
            continue;
        }
        let prev = at(i.checked_sub(1));
        // What stands before a space before the mark, read from the text: the space may end
        // the span before (`in 北京 , then`).
        let before_space = || {
            text[..p]
                .strip_suffix(' ')
                .and_then(|t| t.chars().next_back())
        };
        if matches!(c, ',' | '.') {
            // A space between a word and the mark after it is stray (`closed ,` ->
            // `closed,`); only before a comma or a full stop: French spaces `;`, `:`, `!`
            // and `?`. Not before a word (`a .txt file`), in a run (`wait ...`,
            // `wait . . .`) or after a URL or path.
            let rest = &text[p + 1..];
            let stray = before_space().is_some_and(|b| ends_text(b) || is_han(b))
                && !(c == '.' && shell_argument(text, p, true))
                && rest.chars().next().is_none_or(|n| {
                    n.is_whitespace()
                        // (A closing quote: nothing of a word glued after it.)
                        || (matches!(n, '"' | '”' | '’' | ')')
                            && !rest[n.len_utf8()..].starts_with(char::is_alphanumeric))
                })
                && !rest.starts_with(" .")
                && editable(p - 1)
                && editable(p)
                && protected.binary_search_by_key(&(p - 1), |r| r.end).is_err();
            // A comma glued to the word after it, in English prose, moves its space after it
            // (`at last ,holding` -> `at last, holding`).
            let moved = c == ','
                && !stray
                && rest.starts_with(|n: char| n.is_ascii_lowercase())
                && before_space().is_some_and(|b| b.is_ascii_alphabetic())
                && editable(p - 1)
                && editable(p)
                && protected.binary_search_by_key(&(p - 1), |r| r.end).is_err()
                && *english.get_or_init(|| lang::is_english_prose(line_around(text, p)));
            if stray || moved {
                ops.push((p - 1..p, ""));
            }
            if moved {
                ops.push((p + 1..p + 1, " "));
            }
            continue;
        }
        if matches!(c, '!' | '?') {
            // So is a space before a `!` or `?` that ends a sentence of English prose
            // (`a test !` -> `a test!`), but not of French, which spaces them (`Bonjour
            // tout le monde !`), nor in code (`x ? a : b`): only before the line end, a
            // closing quote, or a capital letter or an opening quote after a space. A capital
            // glued after the mark starts the next sentence (`think ?I` -> `think? I`).
            let rest = &text[p + 1..];
            let next = rest.chars().next();
            let capital = |n: Option<char>| n.is_some_and(|n| n.is_uppercase());
            // (A quote glued before a word opens the next sentence: `OK ?"Yes` -> `OK? "Yes`.)
            let glued = capital(next)
                || (next == Some('"')
                    && rest[1..].chars().next().is_some_and(char::is_alphanumeric));
            let ends = match next {
                None | Some('\n' | '"' | '”' | '’' | ')') => true,
                Some(' ') => {
                    let n = rest[1..].chars().next();
                    capital(n) || matches!(n, Some('"' | '“' | '‘'))
                }
                _ => glued,
            };
            let stray = ends
                && before_space().is_some_and(|b| ends_text(b) || is_han(b))
                && editable(p - 1)
                && editable(p)
                && protected.binary_search_by_key(&(p - 1), |r| r.end).is_err()
                && *english.get_or_init(|| lang::is_english_prose(line_around(text, p)));
            if stray {
                ops.push((p - 1..p, ""));
                if glued {
                    ops.push((p + 1..p + 1, " "));
                }
            }
            continue;
        }
        // Chinese marks without an ASCII form have an English one: the enumeration comma
        // between words is a comma, and the doubled dash and ellipsis are one dash and three
        // dots (`apples、oranges` -> `apples, oranges`, `company——which` -> `company—which`,
        // `waited……but` -> `waited... but`). (Not a list's number or letter, `1、Install`,
        // `A、Paris`, `II、Methods`; nor in an island of a Chinese sentence, whose marks
        // they may be.)
        if !d.island
            && let Some(with) = english_form(text, cs, i)
            && editable(p)
        {
            let q = p + if c == '、' {
                c.len_utf8()
            } else {
                2 * c.len_utf8()
            };
            let word_after = text[q..].starts_with(char::is_alphanumeric);
            ops.push((p..q, with));
            if c != '—' && word_after {
                ops.push((q..q, " "));
            }
            last = Some(i);
            continue;
        }
        let Some(ascii) = narrow(c) else { continue };
        // A mark doubled in two widths, as post-editing leaves it, is one: the full-width
        // one goes (`said,，it` -> `said, it`, `a bubble?？` -> `a bubble?`).
        if matches!(ascii, "," | "." | ";" | ":" | "!" | "?")
            && text[..p].ends_with(ascii)
            && editable(p)
            && editable(p - 1)
        {
            let q = p + c.len_utf8();
            let word_after = text[q..].starts_with(|n: char| n.is_alphanumeric());
            ops.push((p..q, if word_after { " " } else { "" }));
            continue;
        }
        // A run of one mark converts whole (`Todoist。。。` -> `Todoist...`): the first
        // decides for the rest.
        let in_run = i > 0 && last == Some(i - 1) && prev == Some(c);
        // A mark converts when it follows English text: a letter, digit, percent sign or
        // closing quote (`}}：{{` in a template is not English punctuation); a clause mark
        // also after inline code or an abbreviation (`` `true`；default ``, `U.S.，Japan`).
        let closer = matches!(ascii, "," | "." | ";" | ":" | "!" | "?" | ")");
        // A space before a closing mark goes: `occupied ，Please` -> `occupied, Please`.
        let spaced = closer && before_space().is_some_and(ends_text) && editable(p - 1);
        let clause = matches!(ascii, "," | ";" | ":");
        // (At the span's start, what ends the island before it: `躺平，or`.)
        // (Or after Markdown emphasis closing on text: `**Warning**：do` -> `**Warning**: do`.)
        let emphasis = closer
            && matches!(prev, Some('*' | '_'))
            && text[..p]
                .trim_end_matches(['*', '_'])
                .chars()
                .next_back()
                .is_some_and(ends_text);
        // (Or after the closing bracket or quote of a title: `《三体》，especially`.)
        let island_before = i == 0
            && text[..p].chars().next_back().is_some_and(|b| {
                is_han(b) || ends_text(b) || matches!(b, '》' | '」' | '』' | '】')
            });
        let after_text = prev
            .is_some_and(|b| ends_text(b) || (closer && b == '`') || (clause && b == '.'))
            || island_before
            || emphasis
            || in_run
            || spaced;
        if !editable(p) || !(after_text || bracket) {
            continue;
        }
        // A space before the bracket after a word, or after a closing quote or backtick
        // (`"thinking mode"（思考模式）` -> `"thinking mode" (思考模式)`).
        let closes_word = |q: usize| {
            text[..q]
                .chars()
                .next_back()
                .is_some_and(|ch| ch.is_alphanumeric() || matches!(ch, '.' | '!' | '?'))
        };
        // (At the span's start, after the Chinese word it glosses: `摸鱼（slacking off）at`
        // -> `摸鱼 (slacking off) at`.)
        if c == '（'
            && (prev.is_some_and(|ch| {
                ch.is_alphanumeric()
                    || matches!(ch, '%' | '％')
                    || (matches!(ch, '"' | '”' | '’' | '`') && closes_word(p - ch.len_utf8()))
            }) || (i == 0 && text[..p].chars().next_back().is_some_and(is_han)))
        {
            ops.push((p..p, " "));
        }
        // No space inside the brackets, as none before the closing one (below):
        // `（ optional ）` -> `(optional)`.
        let inner = p + c.len_utf8();
        if c == '（' && text[inner..].starts_with(' ') && editable(inner) {
            ops.push((inner..inner + 1, ""));
        }
        let from = if spaced { p - 1 } else { p };
        // The next character may lie outside the span: a sentence end must stay one.
        let q = p + c.len_utf8();
        // Before a word: a letter, a digit (not inside a number: `12：30`; a comma between
        // digits is one only when normalization did not read it as a thousands separator,
        // `January 1，2025`), or what opens one (`Revenue：$1.2B` -> `Revenue: $1.2B`).
        // (Nor a comma typed full-width as a thousands separator: `1，000 units`.)
        let needs_space = text[q..].chars().next().is_some_and(|n| {
            n.is_alphabetic()
                || (n.is_numeric()
                    && ((ascii == "," && !typed_thousands(text, p))
                        || !prev.is_some_and(|ch| ch.is_numeric())))
                || (ascii != ")" && matches!(n, '$' | '€' | '£' | '¥' | '“' | '‘' | '(' | '['))
                // (And a full-width bracket made ASCII after it: `include：（1）`.)
                || (ascii != ")"
                    && matches!(n, '（' | '［')
                    && paired.binary_search(&(i + 1)).is_ok())
                // (A sign, hashtag or handle glued to what it marks: `Tel：+86`, `Tags：#ai`.)
                || (ascii != ")"
                    && matches!(n, '+' | '#' | '@')
                    && text[q + 1..].starts_with(|w: char| w.is_alphanumeric()))
                // (A straight quote or backtick glued to a word opens it: `said，"We`; not
                // one that closes the line's quotation, `"This is insane！"随后`.)
                || (ascii != ")"
                    && matches!(n, '"' | '`')
                    && text[q + 1..].starts_with(|w: char| w.is_alphanumeric())
                    && !(n == '"' && line_before(text, q, 512).matches('"').count() % 2 == 1))
        });
        let space = if closer && needs_space { " " } else { "" };
        // `。`, `！` and `？` always end a sentence; their ASCII forms only where the rules
        // of span detection say so (`d。\` stays: `d.\` would not end one).
        // (A full stop after an abbreviation is its period: `etc。` -> `etc.`, `Dr。Chen` ->
        // `Dr. Chen`.)
        let abbreviation = || {
            let head = &text[..p];
            let word = head.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
            ascii == "." && head.len() > word.len() && is_abbreviation(&head[word.len()..])
        };
        if matches!(ascii, "." | "!" | "?")
            && !in_run
            && !ends_sentence_as(text, from..q, ascii, space)
            && !abbreviation()
        {
            continue;
        }
        // ASCII glued between a URL or path and more text would become part of it (not to
        // closed inline code).
        let after_token =
            protected.binary_search_by_key(&p, |r| r.end).is_ok() && !text[..p].ends_with('`');
        // Nor is a `？` glued between a URL and more text spaced: it may open the query
        // (`https://example.com/a？id=3`).
        if after_token
            && (space.is_empty() || ascii == "?")
            && text[q..].starts_with(|n: char| !n.is_whitespace())
        {
            continue;
        }
        last = Some(i);
        ops.push((from..q, ascii));
        if !space.is_empty() {
            ops.push((q..q, space));
        }
    }
}

/// The English form of the Chinese mark `cs[i]` that has no ASCII one, in an English
/// span: `,` for an enumeration comma between words, `—` for the first of a doubled dash
/// `——`, `...` for the first of a doubled ellipsis `……`.
fn english_form(text: &str, cs: &[(usize, char)], i: usize) -> Option<&'static str> {
    let (p, c) = cs[i];
    let prev = i.checked_sub(1).map(|k| cs[k].1);
    let next = cs.get(i + 1).map(|&(_, n)| n);
    match c {
        '、' => (prev.is_some_and(char::is_alphabetic)
            && !prev.is_some_and(is_han)
            && {
                // (A Roman numeral is a list's where an item may begin: `II、Methods`; not
                // an item's letters, `AI、ML、DL`.)
                let head = &text[..p];
                let before = head.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                let word = &head[before.len()..];
                let numeral = word.bytes().all(|x| b"IVXLCDMivxlcdm".contains(&x))
                    && before.chars().next_back().is_none_or(char::is_whitespace);
                word.len() >= 2 && !numeral
            }
            && text[p + c.len_utf8()..]
                .trim_start_matches(' ')
                .starts_with(|n: char| n.is_alphanumeric() && !is_han(n)))
        .then_some(","),
        // (The pair's first only: a run of three or more is a line or a rule.)
        '—' | '…'
            if next == Some(c) && prev != Some(c) && cs.get(i + 2).is_none_or(|&(_, n)| n != c) =>
        {
            Some(if c == '—' { "—" } else { "..." })
        }
        _ => None,
    }
}

/// Whether `mark`, put in place of `text[range]` and followed by `space`, ends a sentence
/// by [`is_sentence_end`], which reads only the words around the mark.
fn ends_sentence_as(text: &str, range: Range<usize>, mark: &str, space: &str) -> bool {
    const AROUND: usize = 64;
    let mut from = range.start.saturating_sub(AROUND);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    // What follows the run of marks after it decides; a run too long to read (a line of
    // dots) answers no, and the mark stays as it is.
    let run = text[range.end..]
        .char_indices()
        .take(4 * AROUND + 1)
        .take_while(|&(_, c)| is_closing_mark(c))
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    if run > 4 * AROUND {
        return false;
    }
    let mut to = (range.end + run + AROUND).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let mut probe = [&text[from..range.start], mark, space].concat();
    // The closing marks after it convert as well (`。”，the` -> `.”, the`).
    let mut rest = text[range.end..to].chars().peekable();
    let mut prev = mark.chars().next();
    while let Some(c) = rest.next_if(|&c| is_closing_mark(c)) {
        // As in `english`: a mark converts after text or a closing quote.
        let after_text = prev.is_some_and(ends_text);
        prev = Some(c);
        match narrow(c).filter(|_| after_text) {
            Some(ascii) => {
                probe.push_str(ascii);
                if rest.peek().is_some_and(|n| n.is_alphanumeric()) {
                    probe.push(' ');
                }
            }
            None => probe.push(c),
        }
    }
    probe.extend(rest);
    is_sentence_end(&probe, range.start - from)
}

/// The full-width form of the ASCII `mark` at byte `p`, the end of an English span
/// (`range`) that is a quotation and that mark, when the mark ends a Chinese sentence that
/// quotes it: the quote opens right after the Chinese text (or its colon or comma) that
/// begins the sentence, closes right before the mark with no mark of its own, and the line ends after
/// it (`他认为“this is the end of an era”.` → `”。`).
fn chinese_sentence_end(
    text: &str,
    range: Range<usize>,
    p: usize,
    mark: char,
) -> Option<&'static str> {
    let quote = &text[range.start..p];
    let open = quote.chars().next()?;
    let close = closing_quote(open)?;
    let inner = quote[open.len_utf8()..].strip_suffix(close)?;
    let before = text[..range.start].trim_end_matches(' ');
    let line_ends = text[p + 1..]
        .chars()
        .find(|&c| c != ' ')
        .is_none_or(|c| c == '\n');
    (line_ends
        && !inner.contains(close)
        && !inner.ends_with(['.', '!', '?', ',', '。', '！', '？'])
        && inner.chars().any(|c| c.is_ascii_alphabetic())
        && before
            .chars()
            .next_back()
            .is_some_and(|c| is_han(c) || matches!(c, '：' | ':' | '，' | ','))
        && chinese_sentence_before(text, range.start))
    .then_some(match mark {
        '.' => "。",
        '!' => "！",
        _ => "？",
    })
}

/// The quote that closes one opened by `open` (`“`, `"`, `「`, `『`).
fn closing_quote(open: char) -> Option<char> {
    match open {
        '“' => Some('”'),
        '"' => Some('"'),
        '「' => Some('」'),
        '『' => Some('』'),
        _ => None,
    }
}

/// Whether the sentence open at `pos` is Chinese so far: begun in Chinese, or holding at
/// least one ideograph for every two Latin letters (`GDPR第4条…定义为`, a term opening it).
fn chinese_sentence_before(text: &str, pos: usize) -> bool {
    if !english_before(text, pos) {
        return true;
    }
    let line = line_before(text, pos, 1024);
    let sentence = line
        .rfind(['.', '!', '?', '。', '！', '？'])
        .map_or(line, |i| &line[i..]);
    let han = sentence.chars().filter(|&c| is_han(c)).count();
    let letters = sentence.bytes().filter(u8::is_ascii_alphabetic).count();
    2 * han >= letters
}

/// Whether `before` ends inside a quotation or title that `close` ends (`「」`, `『』`, `《》`,
/// `〈〉`, `“”`, `""`), opened on its line, that holds Latin letters and no CJK letters: the
/// mark before `close` is the English quotation's (`他说:“Thanks!”`). (Read within 256
/// bytes.)
fn latin_quotation(before: &str, close: char) -> bool {
    let open = match close {
        '」' => '「',
        '』' => '『',
        '》' => '《',
        '〉' => '〈',
        '”' => '“',
        '"' => '"',
        _ => return false,
    };
    let line = line_before(before, before.len(), 256);
    let Some(at) = line.rfind(open) else {
        return false;
    };
    // (A straight quote opens after an even number of them.)
    if open == '"' && line[..at].bytes().filter(|&x| x == b'"').count() % 2 == 1 {
        return false;
    }
    let inside = &line[at + open.len_utf8()..];
    !inside.contains(close)
        && inside.chars().any(|c| c.is_ascii_alphabetic())
        && !inside
            .chars()
            .any(|c| matches!(class(c), Class::Han | Class::Kana | Class::Hangul))
}

/// Whether `rest` opens a Markdown image's text and target: `[alt](`, within its line and
/// 1 KiB.
fn markdown_image(rest: &str) -> bool {
    let b = &rest.as_bytes()[..rest.len().min(1024)];
    b.first() == Some(&b'[')
        && memchr::memchr2(b']', b'\n', b)
            .is_some_and(|k| b[k] == b']' && b.get(k + 1) == Some(&b'('))
}

/// Whether the text of the line before `pos` is ASCII with two letters or more: a label or
/// lead-in in English (`Party A`, `One user wrote`), whose colon is English; a letter alone
/// is a speaker's or an item's in Chinese dialogue (`A：你吃饭了吗？`). (Only a short label
/// is read: a line of 64 bytes or more before the colon is no label.)
fn latin_label(text: &str, pos: usize) -> bool {
    let letters = |s: &str| s.bytes().filter(u8::is_ascii_alphabetic).count() >= 2;
    if whole_line_before(text, pos, 64).is_some_and(|line| line.is_ascii() && letters(line)) {
        return true;
    }
    // (Or a field of a bilingual form, spaced from the Chinese one before it, blank after
    // it: `签字:______ Signature: ______`, `甲方盖章 Seal of Party A: ___`.)
    let line = line_before(text, pos, 64);
    let label = &line[line
        .rfind(|c: char| !c.is_ascii() || matches!(c, '_' | ':'))
        .map_or(0, |i| {
            i + line[i..].chars().next().map_or(0, char::len_utf8)
        })..];
    let words = label.trim_start();
    let blank = text[pos + 1..]
        .trim_start_matches([' ', '\t'])
        .starts_with(['_', '\n', '\r'])
        || text[pos + 1..].trim_end_matches([' ', '\t']).is_empty();
    label.starts_with([' ', '\t', '\u{3000}'])
        && words.starts_with(|c: char| c.is_ascii_uppercase())
        && letters(words)
        && words.split_whitespace().count() <= 5
        && blank
}

/// Whether `before` ends in the prefix of an e-mail subject that a reply or a forward adds
/// (`Re`, `RE`, `Fwd`, `FW`), a word of its own: its colon is ASCII syntax that mail
/// clients read.
fn reply_prefix(before: &str) -> bool {
    ["Re", "RE", "Fwd", "FWD", "Fw", "FW"].iter().any(|w| {
        before.strip_suffix(w).is_some_and(|b| {
            !b.ends_with(|c: char| c.is_alphanumeric())
                && (b.is_empty() || b.ends_with([' ', ':', '：', '\n']))
        })
    })
}

/// Whether the line around `pos` is an entry of a GB/T 7714 reference list, whose `. , :`
/// are the standard's (`[1] 姚汉源. 京杭运河史[M]. 北京: 中国水利水电出版社, 1998.`): it
/// holds a document-type code and its full stop, `[M].`, `[J].`, `[EB/OL].`. (Read within
/// 256 bytes each way: an entry is shorter, and a long line costs linear time.)
/// Whether the mark at byte `p` of `text` follows a gloss in ASCII brackets glued to Han
/// (`苹果(AAPL)`, `乙方(Licensee)`, `指数(AQI)`): the clause it ends is the Chinese one.
fn gloss_after_han(text: &str, p: usize) -> bool {
    let inner = line_before(text, p - 1, 96);
    inner.rfind('(').is_some_and(|open| {
        !inner[open + 1..].contains([')', '('])
            && inner[..open].chars().next_back().is_some_and(is_han)
    })
}

/// Whether byte `pos` of `text` lies on a line of a Wikipedia article's reference list as
/// its text is extracted: `^` and a space, then the citation (`^ 张三. 标题. 2020.`, and with
/// its back links, `^ 1.0 1.1 张三.`).
fn wiki_reference(text: &str, pos: usize) -> bool {
    whole_line_before(text, pos, 1024).is_some_and(|before| {
        text[pos - before.len()..]
            .trim_start_matches([' ', '\t'])
            .starts_with("^ ")
    })
}

fn reference_entry(text: &str, pos: usize) -> bool {
    let before = line_before(text, pos, 256);
    let mut end = (pos + 256).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let after = &text[pos..end];
    let line_end = after.find('\n');
    let after = &after[..line_end.unwrap_or(after.len())];
    // An entry, not prose that cites one (`推荐阅读:周志华.机器学习[M].…这本书…!`): it
    // begins with its number (`[1]`, `1.`, `(1)`, `①`) or ends with its year or pages.
    let starts_line = at_line_start(text, pos - before.len());
    let numbered = {
        let t = before.trim_start();
        let open = t.strip_prefix(['[', '(', '（']).unwrap_or(t);
        let rest = open.trim_start_matches(|c: char| c.is_ascii_digit());
        (rest.len() < open.len() && rest.starts_with([']', '.', ')', '）', '、']))
            || t.starts_with(|c: char| ('\u{2460}'..='\u{2473}').contains(&c))
    };
    let last = |t: &str| t.trim_end().trim_end_matches('.').chars().next_back();
    let ends_in_number = (line_end.is_some() || end == text.len())
        && last(after)
            .or_else(|| last(before))
            .is_some_and(|c| c.is_ascii_digit());
    if !((starts_line && numbered) || ends_in_number) {
        return false;
    }
    let code = |line: &str| {
        line.match_indices("].").any(|(i, _)| {
            let open = line[..i].rfind('[').map_or(i, |o| o + 1);
            let code = &line[open..i];
            let kind = code.strip_suffix("/OL").unwrap_or(code);
            matches!(
                kind,
                "M" | "C" | "N" | "J" | "D" | "R" | "S" | "P" | "EB" | "DB" | "CP"
            )
        })
    };
    code(before) || code(after) || journal_tail(&text[pos - before.len()..pos + after.len()])
}

/// Whether a line ends as a GB/T 7714 entry of a journal or a book does without its type
/// code: authors and title each closed by a full stop, then `, year, volume(issue):
/// pages` or `, year: pages` (`李四, 王五. 深度学习综述. 计算机学报, 2020, 43(5): 1-10.`,
/// `张三. 量子信息导论. 北京: 科学出版社, 2010: 45-67.`).
fn journal_tail(line: &str) -> bool {
    let t = line.trim_end().trim_end_matches('.');
    let Some((head, pages)) = t.rsplit_once(':') else {
        return false;
    };
    let pages = pages.trim_start();
    let number = |s: &str| !s.is_empty() && s.bytes().all(|x| x.is_ascii_digit());
    let pages_ok = match pages.split_once(['-', '–']) {
        Some((a, b)) => number(a) && number(b),
        None => number(pages),
    };
    // (Past the issue and the volume, to the year.)
    let head = head.trim_end();
    let head = match head.strip_suffix(')').and_then(|h| h.rsplit_once('(')) {
        Some((h, issue)) if number(issue) => h,
        _ => head,
    };
    let head = match head.rsplit_once(", ") {
        Some((h, volume)) if number(volume) && volume.len() < 4 => h,
        _ => head,
    };
    let Some((title, year)) = head.rsplit_once(", ") else {
        return false;
    };
    pages_ok
        && year.len() == 4
        && number(year)
        && (year.starts_with("19") || year.starts_with("20"))
        && title.matches('.').count() >= 2
}

/// Whether `open` and `close` are a pair of quotes or brackets.
fn encloses(open: char, close: char) -> bool {
    matches!(
        (open, close),
        ('"', '"')
            | ('\'', '\'')
            | ('`', '`')
            | ('(', ')')
            | ('[', ']')
            | ('“', '”')
            | ('‘', '’')
            | ('「', '」')
            | ('『', '』')
            | ('（', '）')
            | ('【', '】')
    )
}

/// Whether `before` ends with a number: digits, not the end of a word (`1234`, not `v2`).
fn ends_in_number(before: &str) -> bool {
    let word = before.trim_end_matches(|c: char| c.is_ascii_alphanumeric());
    let token = &before[word.len()..];
    !token.is_empty() && token.bytes().all(|x| x.is_ascii_digit())
}

/// Whether `before` ends with an @-mention (`@GG_Bond`), a label when a colon follows it.
fn mention_before(before: &str) -> bool {
    let name = line_before(before, before.len(), 64)
        .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    name.ends_with('@')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Detector;

    fn punct(s: &str) -> String {
        let mut spans = Vec::new();
        Detector::default().detect(s, 3, &mut spans);
        let mut ed = Editor::new(s);
        run(&mut ed, &spans);
        ed.finish().map(|(s, _)| s).unwrap_or_else(|| s.to_string())
    }

    /// Each input converts to what it is paired with, which converts to itself.
    fn converts(cases: &[(&str, &str)]) {
        for &(input, want) in cases {
            let once = punct(input);
            assert_eq!(once, want, "{input}");
            assert_eq!(punct(&once), once, "{input}");
        }
    }

    /// Hanja in a Korean headline abbreviate names (`北` for North Korea): the comma after
    /// them is the Korean sentence's, ASCII.
    #[test]
    fn hanja_before_korean_keep_an_ascii_comma() {
        converts(&[
            (
                "北, 동해상으로 탄도미사일 발사",
                "北, 동해상으로 탄도미사일 발사",
            ),
            ("檢, 前 장관 소환 조사", "檢, 前 장관 소환 조사"),
            ("我们去了首尔, 吃了很多", "我们去了首尔，吃了很多"),
            ("我们明天去釜山,부산很美.", "我们明天去釜山，부산很美。"),
        ]);
    }

    /// A comma typed full-width inside a number of an English sentence groups its
    /// thousands, unspaced; a list of numbers and a date keep their space.
    #[test]
    fn full_width_thousands_separators_in_english() {
        converts(&[
            (
                "Sales hit 1，000 units in the first week.",
                "Sales hit 1,000 units in the first week.",
            ),
            (
                "Sales hit $1，234，567, up from 250，000.",
                "Sales hit $1,234,567, up from 250,000.",
            ),
            (
                "Input shape is (3，224，224).",
                "Input shape is (3, 224, 224).",
            ),
            (
                "Exports rose to $12，500， a record.",
                "Exports rose to $12,500, a record.",
            ),
            (
                "Use ports 80，443 and 0，100.",
                "Use ports 80, 443 and 0, 100.",
            ),
            (
                "We sold 101，102，103 units.",
                "We sold 101, 102, 103 units.",
            ),
            (
                "It opened on January 1，2025.",
                "It opened on January 1, 2025.",
            ),
            ("Rooms 1，12，7 are free.", "Rooms 1, 12, 7 are free."),
        ]);
    }

    /// The full stop after a language named with a sharp, a Windows path or a folder's
    /// slash that ends a Chinese sentence is the sentence's.
    #[test]
    fn a_sentence_ending_in_a_sharp_or_a_path_ends_full_width() {
        converts(&[
            ("偶尔写点 C#.", "偶尔写点 C#。"),
            ("我也会 F#.", "我也会 F#。"),
            (
                "路径是 C:\\Users\\dev\\project.",
                "路径是 C:\\Users\\dev\\project。",
            ),
            ("日志在 /var/log/nginx/.", "日志在 /var/log/nginx/。"),
            // (Not in an English sentence.)
            ("I like C#. 我也是", "I like C#. 我也是"),
        ]);
    }

    /// A `?` or `!` glued between two terms or numbers of a Chinese sentence is the
    /// sentence's; a name's own `!` stays.
    #[test]
    fn a_mark_glued_between_terms_of_a_chinese_sentence_is_full_width() {
        converts(&[
            (
                "到底选 PostgreSQL 还是 SQLite?Litestream 这套方案靠谱吗?",
                "到底选 PostgreSQL 还是 SQLite？Litestream 这套方案靠谱吗？",
            ),
            (
                "内核是不是升到了 6.8?535 的驱动",
                "内核是不是升到了 6.8？535 的驱动",
            ),
            ("维伦纽瓦 yyds!!IMAX 的音效", "维伦纽瓦 yyds！！IMAX 的音效"),
            // (Not a name's, nor code's, nor a choice's sides, nor a factorial.)
            ("买 Yahoo!Japan 的股票", "买 Yahoo!Japan 的股票"),
            ("条件表达式 a?b:c 很常用", "条件表达式 a?b:c 很常用"),
            ("用 xs!!0 取第一个元素", "用 xs!!0 取第一个元素"),
            (
                "帮我看看 Java?Python 哪个适合入门",
                "帮我看看 Java?Python 哪个适合入门",
            ),
            ("状态码 404?500 都要处理", "状态码 404?500 都要处理"),
            ("阶乘 5!120 是怎么算的", "阶乘 5!120 是怎么算的"),
        ]);
    }

    /// The sentence end after a long name or a quotation of an English sentence is the
    /// English sentence's, ASCII; after a clause it is the clause's.
    #[test]
    fn names_and_quotations_of_english_sentences_end_in_ascii() {
        converts(&[
            (
                "The winner was 深圳市大疆创新科技有限公司.",
                "The winner was 深圳市大疆创新科技有限公司.",
            ),
            (
                "And what about Baidu's ERNIE, 文心一言?",
                "And what about Baidu's ERNIE, 文心一言?",
            ),
            (
                "The communique emphasized \"进一步全面深化改革\"。",
                "The communique emphasized \"进一步全面深化改革\".",
            ),
            (
                "The problem is 我们没有足够的资金.",
                "The problem is 我们没有足够的资金。",
            ),
        ]);
    }

    #[test]
    fn the_current_directory_of_a_command_is_no_full_stop() {
        converts(&[
            (
                "然后执行git add .添加所有文件",
                "然后执行git add .添加所有文件",
            ),
            (
                "在根目录运行pip install -e .即可",
                "在根目录运行pip install -e .即可",
            ),
            (
                "用docker build -t app:1 . 构建",
                "用docker build -t app:1 . 构建",
            ),
            (
                "Run git add . to stage all changes.",
                "Run git add . to stage all changes.",
            ),
            ("git add . && git commit", "git add . && git commit"),
            // A sentence's end stays one, and a stray space before it stays stray.
            ("我们用git管理代码.然后", "我们用git管理代码。然后"),
            ("The door was closed . Then", "The door was closed. Then"),
            // (A program's name is an English word too.)
            (
                "You can find more details on our website .",
                "You can find more details on our website.",
            ),
            (
                "He finally cracked the code .",
                "He finally cracked the code.",
            ),
            (
                "Our team uses git . It works.",
                "Our team uses git. It works.",
            ),
            ("代码已经推到了 git .然后", "代码已经推到了 git。然后"),
        ]);
    }

    #[test]
    fn a_comma_after_a_term_that_ends_a_chinese_line_is_chinese() {
        converts(&[
            (
                "本文采用的预训练模型为BERT,",
                "本文采用的预训练模型为BERT，",
            ),
            ("由机械能守恒得mgh=½mv²,", "由机械能守恒得mgh=½mv²，"),
            ("训练时间约为12h,", "训练时间约为12h，"),
            (
                "模型为BERT,\n并引入了CRF层.",
                "模型为BERT，\n并引入了CRF层。",
            ),
            // An English list keeps its commas, and English text its own.
            ("支持的平台:Windows, Linux,", "支持的平台：Windows, Linux,"),
            ("I like Python,", "I like Python,"),
            ("调用函数f(x,", "调用函数f(x,"),
            ("配置\"timeout\": 30,", "配置\"timeout\": 30,"),
        ]);
    }

    /// A clause mark after an English message quoted in single quotes, Chinese after it,
    /// is the Chinese sentence's, as after double quotes; not after an apostrophe.
    #[test]
    fn a_comma_after_single_quotes_before_chinese_is_chinese() {
        converts(&[
            (
                "报错 No module named 'torch',怎么办",
                "报错 No module named 'torch'，怎么办",
            ),
            (
                "报错 No module named \"torch\",怎么办",
                "报错 No module named \"torch\"，怎么办",
            ),
            ("the users', 怎么办", "the users', 怎么办"),
        ]);
    }

    /// The comma that a Chinese clause ends in after a term, the English after it a clause
    /// of its own, is the Chinese clause's, as after Han.
    #[test]
    fn a_chinese_clause_ending_in_a_term_takes_its_comma() {
        converts(&[
            ("今天跑了 5km,not bad", "今天跑了 5km，not bad"),
            ("今天跑了 5 公里,not bad", "今天跑了 5 公里，not bad"),
            (
                "老板说这周要 ship,no excuses.",
                "老板说这周要 ship，no excuses.",
            ),
            // Not a list of words after a label, nor a reply after a verb of saying.
            ("近义词：desert, forsake", "近义词：desert, forsake"),
            ("他说 Yes,I do.", "他说 Yes,I do."),
        ]);
    }

    #[test]
    fn a_long_name_in_a_chinese_sentence_takes_its_comma() {
        converts(&[
            (
                "我用的是MacBook Pro 16 inch 2023 M3 Max,性能非常强劲.",
                "我用的是MacBook Pro 16 inch 2023 M3 Max，性能非常强劲。",
            ),
            (
                "总共用了2.788M H800 GPU hours,按$2/GPU hour算",
                "总共用了2.788M H800 GPU hours，按$2/GPU hour算",
            ),
            // Not an English clause's, nor a statement's `;`.
            (
                "嘉宾:I think we are closer than most people think,可能还要几年",
                "嘉宾：I think we are closer than most people think, 可能还要几年",
            ),
            (
                "SQL语句SELECT * FROM users WHERE id = 1;执行很慢",
                "SQL语句SELECT * FROM users WHERE id = 1;执行很慢",
            ),
        ]);
    }

    #[test]
    fn chemical_locants_keep_their_comma() {
        converts(&[
            (
                "溶剂为N,N-二甲基甲酰胺(DMF).",
                "溶剂为N,N-二甲基甲酰胺(DMF)。",
            ),
            ("加入N,N'-二环己基碳二亚胺", "加入N,N'-二环己基碳二亚胺"),
            ("O,O-二乙基硫代磷酸酯", "O,O-二乙基硫代磷酸酯"),
            // (Not a list of terms.)
            ("支持A,B-tree两种索引", "支持A，B-tree两种索引"),
            // A substituent's brackets after a locant's hyphen are the name's too.
            (
                "其化学名称为:α-甲基-4-(2-甲基丙基)苯乙酸。",
                "其化学名称为：α-甲基-4-(2-甲基丙基)苯乙酸。",
            ),
            ("价格(含税)为100元", "价格（含税）为100元"),
            ("价格区间100-(200元)之间", "价格区间100-（200元）之间"),
        ]);
    }

    #[test]
    fn authors_of_names_keep_their_period() {
        converts(&[
            (
                "以银杏(Ginkgo biloba L.)为材料.",
                "以银杏(Ginkgo biloba L.)为材料。",
            ),
            (
                "由张三(Zhang S.)和李四(Li S.)共同完成.",
                "由张三(Zhang S.)和李四(Li S.)共同完成。",
            ),
            (
                "本品为山楂Crataegus pinnatifida Bge.的干燥成熟果实.",
                "本品为山楂Crataegus pinnatifida Bge.的干燥成熟果实。",
            ),
            // (A letter after no word still ends its sentence: `维生素A.`)
            ("要补充维生素A.", "要补充维生素A。"),
        ]);
    }

    #[test]
    fn a_json_member_keeps_its_comma() {
        converts(&[
            (
                "\"login.error\": \"密码错误,请重试.\",",
                "\"login.error\": \"密码错误，请重试。\",",
            ),
            // (Not a quotation that ends a Chinese clause, nor a line of CSV.)
            ("他说\"好的\",", "他说\"好的\"，"),
        ]);
    }

    #[test]
    fn template_placeholders_keep_their_marks_and_the_prose_around_them_is_cleaned() {
        converts(&[
            ("变量写成${HOME},然后保存.", "变量写成${HOME}，然后保存。"),
            (
                "比如写成{{ name }},然后保存.",
                "比如写成{{ name }}，然后保存。",
            ),
            ("模板为{{ a,b }},注意.", "模板为{{ a,b }}，注意。"),
            (
                "用${{ github.ref }}获取分支名,然后部署.",
                "用${{ github.ref }}获取分支名，然后部署。",
            ),
            // (The mark after one is the sentence's, as after inline code.)
            ("您的验证码是{{code}}.", "您的验证码是{{code}}。"),
        ]);
    }

    #[test]
    fn css_and_statements_keep_their_semicolon() {
        converts(&[
            (
                "样式:.btn { color: red; font-size: 12px; }",
                "样式：.btn { color: red; font-size: 12px; }",
            ),
            ("在CSS中写color:red;即可.", "在CSS中写color:red;即可。"),
            (
                "p { font-family: \"微软雅黑\", Arial; }",
                "p { font-family: \"微软雅黑\", Arial; }",
            ),
            // (Not a Chinese label's, nor English words after one.)
            ("方法:先加热;再冷却", "方法：先加热；再冷却"),
            ("说明:see below;然后", "说明：see below；然后"),
            // (Not a label's value of one word, nor Chinese prose before a dash.)
            ("owner: bob;请周五前完成", "owner: bob；请周五前完成"),
            ("今天太累了; -- 明天再说吧", "今天太累了； -- 明天再说吧"),
            // (Nor does a statement's before its comment.)
            (
                "return cache[id]; // 从缓存读取",
                "return cache[id]; // 从缓存读取",
            ),
            (
                "SELECT * FROM user; -- 查询所有用户",
                "SELECT * FROM user; -- 查询所有用户",
            ),
            // (Nor one that its keyword begins or a call ends, glued to the Chinese.)
            (
                "执行GRANT ALL ON *.* TO 'root'@'%';就好了",
                "执行GRANT ALL ON *.* TO 'root'@'%';就好了",
            ),
            ("在末尾加上return 0;就行", "在末尾加上return 0;就行"),
            ("比如const count=ref(0);", "比如const count=ref(0);"),
            ("先调用init();再运行", "先调用init();再运行"),
            ("加上console.log(x);就能看到", "加上console.log(x);就能看到"),
            // (But a word or a bracket of prose is no statement, nor a function's value or
            // words that begin with a keyword.)
            ("我们用了React;然后", "我们用了React；然后"),
            ("见图(1);然后", "见图(1)；然后"),
            ("设函数f(x);则", "设函数f(x)；则"),
            ("配料:sugar(10g);salt(5g)", "配料：sugar(10g)；salt(5g)"),
            ("有问题let me know;我随时在", "有问题let me know；我随时在"),
            ("SHOW TIME;节目马上开始", "SHOW TIME；节目马上开始"),
            ("执行DROP TABLE users;就好了", "执行DROP TABLE users;就好了"),
        ]);
    }

    #[test]
    fn data_on_a_line_keeps_its_commas_and_colons() {
        converts(&[
            (
                "返回:{\"code\":0,\"msg\":\"操作成功\",\"data\":[\"张三\",\"李四\"]}",
                "返回：{\"code\":0,\"msg\":\"操作成功\",\"data\":[\"张三\",\"李四\"]}",
            ),
            (
                "\"tags\": [\"中文\", \"分词\"],",
                "\"tags\": [\"中文\", \"分词\"],",
            ),
            (
                "success: '保存成功,请刷新',",
                "success: '保存成功，请刷新',",
            ),
            ("'msg' => '保存成功',", "'msg' => '保存成功',"),
            // (Data in a shell's single quotes too.)
            (
                "用curl -d '{\"name\":\"张三\",\"age\":18}' 测试,结果:好",
                "用curl -d '{\"name\":\"张三\",\"age\":18}' 测试，结果：好",
            ),
            // (Not Chinese text in brackets, nor quoted items in prose.)
            ("我喜欢[苹果,香蕉]", "我喜欢[苹果，香蕉]"),
            (
                "\"人工智能\",\"大数据\"是热点",
                "\"人工智能\"，\"大数据\"是热点",
            ),
            ("标签: \"中文\", \"分词\",", "标签：\"中文\"，\"分词\"，"),
        ]);
    }

    #[test]
    fn tl_dr_keeps_its_semicolon() {
        converts(&[
            (
                "TL;DR:先学Python,再学数据结构.",
                "TL;DR：先学Python，再学数据结构。",
            ),
            ("这篇太长了,TL;DR版本如下:", "这篇太长了，TL;DR版本如下："),
            // (A list of terms is still one.)
            ("关键词:NLP;BERT;深度学习", "关键词：NLP；BERT；深度学习"),
        ]);
    }

    #[test]
    fn a_subtitle_events_lines_end_their_own_sentences() {
        let event = "Dialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,";
        for (line, want) in [
            (
                "Okay, see you tomorrow.\\N好吧,明天见.",
                "Okay, see you tomorrow.\\N好吧，明天见。",
            ),
            ("Hello, world!\\N你好,世界!", "Hello, world!\\N你好，世界！"),
            (
                "我们走吧,Jack.\\NLet's go, Jack.",
                "我们走吧，Jack.\\NLet's go, Jack.",
            ),
            ("他说:\\NI'm Li Lei.", "他说：\\NI'm Li Lei."),
            ("Let's go, Jack.\\N(笑)", "Let's go, Jack.\\N（笑）"),
        ] {
            let p = crate::Pipeline::new(crate::Config::default()).unwrap();
            assert_eq!(
                p.process(&format!("{event}{line}")).text(),
                format!("{event}{want}")
            );
        }
        // (Outside an event, `\N` is text: a pattern's `?` stays.)
        assert_eq!(
            punct("正则为^Where are you going?\\N你要去哪里?$"),
            "正则为^Where are you going?\\N你要去哪里?$"
        );
    }

    #[test]
    fn chinese_clause_punctuation() {
        assert_eq!(punct("你好,世界."), "你好，世界。");
        assert_eq!(
            punct("成本降低了 30%,效果 3.5 倍."),
            "成本降低了 30%，效果 3.5 倍。"
        );
        // A mark after an embedded token ends the Chinese sentence when Chinese follows or
        // nothing does on the line; not an abbreviation's period, nor before English.
        assert_eq!(punct("请提交 Pull Request."), "请提交 Pull Request。");
        assert_eq!(punct("什么是 LLM?"), "什么是 LLM？");
        // Before the label of an answer, as before Chinese text.
        assert_eq!(
            punct("Q: 什么是 RAG? A: 一种检索增强生成技术."),
            "Q：什么是 RAG？A：一种检索增强生成技术。"
        );
        assert_eq!(
            punct("Q: 我们用 Docker. A2: 好的."),
            "Q：我们用 Docker。A2：好的。"
        );
        assert_eq!(punct("用的是 RAG? Also see"), "用的是 RAG? Also see");
        assert_eq!(punct("他说：“我用的是 ECS.”"), "他说：“我用的是 ECS。”");
        assert_eq!(punct("公司全称为 Apple Inc."), "公司全称为 Apple Inc.");
        assert_eq!(punct("他拥有 Ph.D.学位."), "他拥有 Ph.D.学位。");
        // A name begun by an acronym, ending in a month's letters, is no abbreviation; a
        // range of months or a rank is one.
        assert_eq!(
            punct("本文提出方法 CL-Aug. 在 MSRA 上实验"),
            "本文提出方法 CL-Aug。在 MSRA 上实验"
        );
        for s in ["Q4 即 Oct-Dec. 2023 的数据", "少将 Maj-Gen. 李某到场"] {
            assert_eq!(punct(s), s);
        }
        // Citations of laws and papers, and months: capitalized; `v.` and `cf.` lowercase.
        for s in [
            "违反了 GDPR Art. 44 的规定。",
            "根据 Sec. 230 的规定，如 Eq. 3 所示，于 Jan. 5 日发布。",
            "在 Apple Inc. v. 某公司一案中",
            "另见 Cal. Civ. Code § 1798.100。",
            "律师 John Smith, Esq.指出",
            // Credits and numbered works.
            "演唱：周杰伦 feat. 蔡依林",
            "演唱：周杰伦 ft. 蔡依林",
            "贝多芬 Op. 27 月光奏鸣曲",
            "进击的巨人 最终季 Ep. 3 中文字幕",
        ] {
            assert_eq!(punct(s), s);
        }
        // A CJK mark after the run ends the sentence itself.
        assert_eq!(punct("参见 Smith J. K.。"), "参见 Smith J. K.。");
        assert_eq!(punct("他来自 U. S. A."), "他来自 U. S. A.");
        assert_eq!(punct("我们用了 Python.。"), "我们用了 Python.。");
        // After closed inline code too, and a list clause's `;`.
        assert_eq!(punct("然后运行`cargo build`."), "然后运行`cargo build`。");
        // (Not an abbreviation alone in brackets.)
        assert_eq!(punct("词性(n.)和(v.)"), "词性(n.)和(v.)");
        // Nor one standing apart before its gloss, in a word list or a table.
        assert_eq!(
            punct("| 苹果 | apple | n. 苹果 |"),
            "| 苹果 | apple | n. 苹果 |"
        );
        assert_eq!(punct("苹果 apple adj. 苹果的"), "苹果 apple adj. 苹果的");
        // Not a word that is one, in a sentence.
        assert_eq!(punct("她喜欢 pop art. 尤其是"), "她喜欢 pop art。尤其是");
        assert_eq!(punct("答案是 for each n. 所以"), "答案是 for each n。所以");
        // After a formula, its braces or its operator's value.
        assert_eq!(punct("满足R≥1-e^{-λL}."), "满足R≥1-e^{-λL}。");
        assert_eq!(punct("结果为x+y."), "结果为x+y。");
        assert_eq!(
            punct("例如\"大语言模型(LLM)\"."),
            "例如\"大语言模型(LLM)\"。"
        );
        // A URL's or a path's finder leaves out the mark that ends the line.
        assert_eq!(punct("访问 https://a.com/x."), "访问 https://a.com/x。");
        assert_eq!(
            punct("日志在 /var/log/app.log."),
            "日志在 /var/log/app.log。"
        );
        // (Not a mark inside the URL, nor after a relative path's dot, nor a command's `;`.)
        assert_eq!(punct("运行 ruff check ."), "运行 ruff check .");
        assert_eq!(
            punct("请执行 cd /usr/local/bin;"),
            "请执行 cd /usr/local/bin;"
        );
        // (A URL's is the Chinese sentence's, as the one before it on the line.)
        assert_eq!(
            punct("第一项是https://a.com;第二项是https://b.com;"),
            "第一项是https://a.com；第二项是https://b.com；"
        );
        assert_eq!(
            punct("甲方支付30%,即RMB 384,000.00;"),
            "甲方支付30%，即RMB 384,000.00；"
        );
        assert_eq!(punct("我来自 U.S."), "我来自 U.S.");
        assert_eq!(
            punct("把 javax.*全部迁移到了 jakarta.*命名空间."),
            "把 javax.*全部迁移到了 jakarta.*命名空间。"
        );
        assert_eq!(punct("**这是重点.**"), "**这是重点。**");
        // A `?` or `!` typed without a space before a number and Chinese, or after a
        // number before a capitalized word.
        assert_eq!(
            punct("一起去看 fan meeting?8 月 24 号"),
            "一起去看 fan meeting？8 月 24 号"
        );
        assert_eq!(
            punct("头球破门!2-1!Anfield 沸腾了"),
            "头球破门！2-1！Anfield 沸腾了"
        );
        assert_eq!(
            punct("回归系数为0.32.*表示p<0.05"),
            "回归系数为0.32。*表示p<0.05"
        );
        assert_eq!(punct("版本号 v1.*都受影响"), "版本号 v1.*都受影响");
        assert_eq!(punct("先备份 MySQL.**然后**"), "先备份 MySQL。**然后**");
        assert_eq!(
            punct("同比增长20.*数据未经审计"),
            "同比增长20。*数据未经审计"
        );
        assert_eq!(
            punct("总长度为8,851.8公里(2009年测量数据).[4]"),
            "总长度为8,851.8公里（2009年测量数据）。[4]"
        );
        assert_eq!(
            punct("读延迟 p99 是 1.2μs,arc-swap 是 0.3μs."),
            "读延迟 p99 是 1.2μs，arc-swap 是 0.3μs。"
        );
        assert_eq!(
            punct("专辑有 Weverse ver.和 Bunny ver.两种."),
            "专辑有 Weverse ver.和 Bunny ver.两种。"
        );
        assert_eq!(punct("等等 ECS..."), "等等 ECS...");
        assert_eq!(
            punct("部署在 ECS. Then we left."),
            "部署在 ECS. Then we left."
        );
        // (But a version's, the English sentence glued after it, ends the Chinese one.)
        assert_eq!(
            punct("请升级到v2.3.1.Thanks for reporting!"),
            "请升级到v2.3.1。Thanks for reporting!"
        );
        // A commit message header is syntax.
        assert_eq!(punct("fix: 修复了一个问题"), "fix: 修复了一个问题");
        assert_eq!(
            punct("- feat(parser)!: 支持新语法"),
            "- feat(parser)!: 支持新语法"
        );
        assert_eq!(
            punct("用git commit -m \"fix: 修复登录bug\"提交"),
            "用git commit -m \"fix: 修复登录bug\"提交"
        );
        assert_eq!(punct("他说 fix: 修复"), "他说 fix：修复");
        // (And so is an English label's, see `an_english_label_keeps_its_colon`.)
        assert_eq!(punct("Note: 这个参数"), "Note: 这个参数");
        assert_eq!(punct("修复: 问题"), "修复：问题");
        // The full-width mark that ends an English quotation is the quotation's.
        assert_eq!(
            punct("他说：“I think so，but I am not sure。”然后"),
            "他说：“I think so, but I am not sure.”然后"
        );
        assert_eq!(punct("标语是「Just do it！」"), "标语是「Just do it!」");
        assert_eq!(punct("她说“你好。”然后"), "她说“你好。”然后");
        // So is the colon of a speaker named in a Chinese lead-in before English quoted.
        assert_eq!(
            punct("赛后 Klopp:\"It was a proper fight.\""),
            "赛后 Klopp：\"It was a proper fight.\""
        );
        assert_eq!(
            punct("赛后 Klopp:“It was a proper fight.”"),
            "赛后 Klopp：“It was a proper fight.”"
        );
        assert_eq!(
            punct("He told Klopp:\"Well done.\""),
            "He told Klopp:\"Well done.\""
        );
        // A speaker's or a floor's label is Chinese, whatever follows.
        assert_eq!(punct("主持人 A:OK，那你觉得"), "主持人 A：OK，那你觉得");
        assert_eq!(punct("嘉宾 B2:Yes，我同意"), "嘉宾 B2：Yes，我同意");
        assert_eq!(punct("4L:+1，我也是"), "4L：+1，我也是");
        assert_eq!(punct("镜像 nginx:alpine 很小"), "镜像 nginx:alpine 很小");
        assert_eq!(punct("比例 A:B=3:2"), "比例 A:B=3:2");
        assert_eq!(
            punct("基因型 A:a=3:1，比值 K:1"),
            "基因型 A:a=3:1，比值 K:1"
        );
        assert_eq!(punct("测试 A:B 两组的转化率"), "测试 A:B 两组的转化率");
        // Not after a plain lowercase word, unless the sentence is Chinese prose (a run of
        // four ideographs, longer than a name), a URL or code.
        assert_eq!(punct("修复了一个 bug."), "修复了一个 bug。");
        assert_eq!(punct("你们后端用python还是go?"), "你们后端用python还是go？");
        assert_eq!(punct("git怎么撤销commit?"), "git怎么撤销commit？");
        assert_eq!(punct("git 怎么撤销 commit?"), "git 怎么撤销 commit？");
        assert_eq!(
            punct("Second paragraph 混合中文 text."),
            "Second paragraph 混合中文 text."
        );
        // A name of capitalized words may be the subject of the Chinese sentence.
        assert_eq!(
            punct("Steve Kerr 说球队需要加强 defense."),
            "Steve Kerr 说球队需要加强 defense。"
        );
        assert_eq!(
            punct("Elden Ring 的 DLC 难吗，要不要先刷 boss?"),
            "Elden Ring 的 DLC 难吗，要不要先刷 boss？"
        );
        assert_eq!(
            punct("The quick brown 混合中文 text."),
            "The quick brown 混合中文 text."
        );
        assert_eq!(
            punct("Hello World 混合中文 text."),
            "Hello World 混合中文 text."
        );
        assert_eq!(
            punct("Happy New Year 新年快乐 everyone!"),
            "Happy New Year 新年快乐 everyone!"
        );
        // A comma between two terms of a Chinese sentence parts a list.
        assert_eq!(
            punct("支持Windows,Linux和macOS"),
            "支持Windows，Linux和macOS"
        );
        assert_eq!(
            punct("环境是Python 3.9.7,Windows 10"),
            "环境是Python 3.9.7，Windows 10"
        );
        // Cashtags too, no TeX math between their dollars.
        assert_eq!(punct("买了$SOL,$DOGE和$PEPE"), "买了$SOL，$DOGE和$PEPE");
        assert_eq!(
            punct("吗？$SOL +12.3%,$DOGE +8%,梭哈"),
            "吗？$SOL +12.3%，$DOGE +8%，梭哈"
        );
        // And before a quantity, after a term or a number; not a thousands separator.
        assert_eq!(
            punct("显卡RTX 4060,8GB显存,屏幕OLED,120Hz"),
            "显卡RTX 4060，8GB显存，屏幕OLED，120Hz"
        );
        assert_eq!(punct("功率1,200W的电机"), "功率1,200W的电机");
        assert_eq!(
            punct("配置为AMD EPYC 7763,256GB内存"),
            "配置为AMD EPYC 7763，256GB内存"
        );
        // Or a time, or a number with a Chinese unit.
        assert_eq!(punct("航班CA4101,13:45起飞"), "航班CA4101，13:45起飞");
        assert_eq!(punct("课程编号CS6001,3学分"), "课程编号CS6001，3学分");
        assert_eq!(punct("功率1,200瓦的电机"), "功率1,200瓦的电机");
        assert_eq!(punct("价格EUR12,50欧元"), "价格EUR12,50欧元");
        assert_eq!(punct("Q1,2季度营收"), "Q1,2季度营收");
        // (Nor a thousands separator before a masked group.)
        assert_eq!(
            punct("跑分Time Spy 18,xxx分,很高"),
            "跑分Time Spy 18,xxx分，很高"
        );
        assert_eq!(punct("月薪2,***元,面议"), "月薪2,***元，面议");
        assert_eq!(punct("共3,xyz个"), "共3，xyz个");
        // (Not after an abbreviation's point: a name's own comma.)
        assert_eq!(
            punct("厂商:Shenzhen XX Co.,Ltd."),
            "厂商：Shenzhen XX Co.,Ltd."
        );
        assert_eq!(punct("比分是3,13:45开始"), "比分是3,13:45开始");
        assert_eq!(punct("坐标(3,5)处"), "坐标(3,5)处");
        assert_eq!(punct("小数点写作2,5kg"), "小数点写作2,5kg");
        // Nor the thousands separators of a range's numbers.
        assert_eq!(
            punct("月薪1,000-2,000元,摄入1,450-1,550kcal"),
            "月薪1,000-2,000元，摄入1,450-1,550kcal"
        );
        assert_eq!(punct("价格300-1,500元"), "价格300-1,500元");
        assert_eq!(punct("打印第1-5,100-120页"), "打印第1-5，100-120页");
        // After a number that no thousands separator can follow, a comma parts clauses.
        for (from, to) in [
            ("比分是3:1,10分钟后又进一球", "比分是3:1，10分钟后又进一球"),
            (
                "全场比分121-117,3人得分上双",
                "全场比分121-117，3人得分上双",
            ),
            ("他拿下30+10,5次助攻", "他拿下30+10，5次助攻"),
            // Nor a percentage, after a term as after Han.
            ("年化APR 4.5%,3期免息", "年化APR 4.5%，3期免息"),
            // Nor a ratio, nor a number grouped in thousands before a number with its unit.
            ("今天投篮10/18,3PT也不错", "今天投篮10/18，3PT也不错"),
            ("刚突破$72,000,24h涨幅+5.2%", "刚突破$72,000，24h涨幅+5.2%"),
            ("售价12,999,24 期免息", "售价12,999，24 期免息"),
        ] {
            assert_eq!(punct(from), to);
        }
        // A table's row of numbers keeps its commas.
        assert_eq!(punct("21,893,000,16410,43760"), "21,893,000,16410,43760");
        assert_eq!(punct("人口12,345,678人"), "人口12,345,678人");
        assert_eq!(punct("总价1,234.56元"), "总价1,234.56元");
        // Not after a decimal: coordinates, a European price, a list of versions.
        for s in [
            "经纬度31.23,121.47",
            "价格为1.234,56欧元",
            "支持Python 3.10,3.11,3.12",
        ] {
            assert_eq!(punct(s), s);
        }
        assert_eq!(
            punct("IP是192.168.1.1,8080端口"),
            "IP是192.168.1.1,8080端口"
        );
        assert_eq!(punct("坐标为(1.5,2.5),然后"), "坐标为(1.5,2.5)，然后");
        assert_eq!(punct("设置margin:0,10px即可"), "设置margin:0,10px即可");
        assert_eq!(punct("可选8,16,32GB"), "可选8,16,32GB");
        assert_eq!(punct("命令是-t set,get即可"), "命令是-t set,get即可");
        // (Nor between two lowercase words that Han holds: a format's, `lat,lng`.)
        assert_eq!(punct("坐标用lat,lng格式"), "坐标用lat,lng格式");
        // And a decimal or a range with its unit is a quantity.
        assert_eq!(
            punct("导出设置:WAV,44.1kHz,扭矩838N·m,0-100km/h加速"),
            "导出设置：WAV，44.1kHz，扭矩838N·m，0-100km/h加速"
        );
        assert_eq!(
            punct("关键词:NLP;BERT;深度学习"),
            "关键词：NLP；BERT；深度学习"
        );
        assert_eq!(punct("比分是3: 2。"), "比分是3: 2。");
        assert_eq!(punct("比分定格在2 : 1。"), "比分定格在2 : 1。");
        // The commas of a citation are the reference list's.
        assert_eq!(punct("最先进的方法[35, 2, 5]."), "最先进的方法[35, 2, 5]。");
        assert_eq!(punct("见文献[1,3-5]，以及"), "见文献[1,3-5]，以及");
        assert_eq!(
            punct("大语言模型(Large Language Model,LLM)。"),
            "大语言模型(Large Language Model,LLM)。"
        );
        // Nor in a square bracket of English text.
        assert_eq!(punct("结果[n=126,P<0.05]。"), "结果[n=126,P<0.05]。");
        assert_eq!(punct("营收12 . 5亿元"), "营收12 . 5亿元");
        assert_eq!(punct("如果a<b,b<c,那么a<c."), "如果a<b，b<c，那么a<c。");
        assert_eq!(
            punct("我很喜欢さくら,她是我的朋友."),
            "我很喜欢さくら，她是我的朋友。"
        );
        assert_eq!(
            punct("Exports rose 8.7% year on year, 其中对东盟出口增长了10.2%."),
            "Exports rose 8.7% year on year, 其中对东盟出口增长了10.2%。"
        );
        assert_eq!(
            punct("Capacity grew fast in 2024; 风电新增装机也达到了79GW."),
            "Capacity grew fast in 2024; 风电新增装机也达到了79GW。"
        );
        assert_eq!(
            punct("The firm said, 其中包括华为(Huawei)."),
            "The firm said, 其中包括华为(Huawei)。"
        );
        assert_eq!(
            punct("In Chinese: 两个人 (two people)."),
            "In Chinese: 两个人 (two people)."
        );
        // Or in the quotation it closes; not a quotation the English sentence makes.
        assert_eq!(
            punct("Critics say it is commercial; 有人称其为\"少林寺股份有限公司\"."),
            "Critics say it is commercial; 有人称其为\"少林寺股份有限公司\"。"
        );
        assert_eq!(
            punct("the spokesperson said: 我们不接受所谓的“一国两制”."),
            "the spokesperson said: 我们不接受所谓的“一国两制”。"
        );
        assert_eq!(punct("He said: \"我们走吧\"."), "He said: \"我们走吧\".");
        // A clause left untranslated that ends in its own quotation, English after it.
        assert_eq!(
            punct(
                "A spokesperson told reporters, 但同时强调中方将\"坚决维护自身正当权益\". The statement spread."
            ),
            "A spokesperson told reporters, 但同时强调中方将\"坚决维护自身正当权益\"。The statement spread."
        );
        assert_eq!(
            punct("Revenue rose sharply, 2024年营收增长了10%."),
            "Revenue rose sharply, 2024年营收增长了10%。"
        );
        assert_eq!(
            punct("It is not an order; 有人说\"这是一个信号."),
            "It is not an order; 有人说\"这是一个信号."
        );
        assert_eq!(punct("我用 vim."), "我用 vim.");
        // A shorter run is prose with a particle or a Chinese clause mark in the sentence.
        assert_eq!(punct("修复了bug."), "修复了bug。");
        assert_eq!(
            punct("修复bug,优化performance."),
            "修复bug，优化performance。"
        );
        assert_eq!(punct("修复bug, then ship it."), "修复bug, then ship it.");
        // Or a word between two ideographs, spaced or not, and the last word after them;
        // or `请`, `把`, `被`.
        assert_eq!(punct("先 commit 再 push."), "先 commit 再 push。");
        assert_eq!(punct("然后push到origin?"), "然后push到origin？");
        assert_eq!(punct("请使用 sudo."), "请使用 sudo。");
        // (After a quote's marker and emphasis, which are no words.)
        assert_eq!(
            punct("> **提示**:如果遇到错误,请用sudo."),
            "> **提示**：如果遇到错误，请用sudo。"
        );
        // Not an English sentence after a Chinese phrase.
        assert_eq!(punct("走了 Let's go."), "走了 Let's go.");
        assert_eq!(punct("是的 means yes."), "是的 means yes.");
        assert_eq!(
            punct("陳上進 likes 林依諾's status."),
            "陳上進 likes 林依諾's status."
        );
        // A `.` between a term and Chinese text ends the Chinese sentence, as one between
        // Chinese text and a number or a capitalized word does.
        assert_eq!(
            punct("我们部署在ECS.然后再迁移"),
            "我们部署在ECS。然后再迁移"
        );
        assert_eq!(punct("增长了6%.其中云业务"), "增长了6%。其中云业务");
        assert_eq!(punct("研究范式.Brown等人提出"), "研究范式。Brown等人提出");
        // Or its pinyin, toned.
        assert_eq!(
            punct("我叫李明.Wǒ jiào Lǐ Míng."),
            "我叫李明。Wǒ jiào Lǐ Míng."
        );
        assert_eq!(punct("造成影响.2024财年"), "造成影响。2024财年");
        // So does a word in mixed case before Chinese text; not a name after a dot.
        assert_eq!(
            punct("音质非常好.iPhone的话只能用AAC"),
            "音质非常好。iPhone的话只能用AAC"
        );
        assert_eq!(punct("比较了一半.ViT模型"), "比较了一半。ViT模型");
        assert_eq!(punct("请使用.NET框架"), "请使用.NET框架");
        // An acronym does too, and after a percentage; not a file extension.
        assert_eq!(punct("会议已结束.AI将改变一切"), "会议已结束。AI将改变一切");
        // And a name of capitals and a number, not a file's extension.
        assert_eq!(punct("收到.Q3的数据已更新"), "收到。Q3的数据已更新");
        assert_eq!(punct("看完了.GPT-4的表现"), "看完了。GPT-4的表现");
        assert_eq!(punct("视频.MP4文件"), "视频.MP4文件");
        assert_eq!(punct("保存为.H5文件"), "保存为.H5文件");
        assert_eq!(
            punct("同比增长112%.GAAP每股收益"),
            "同比增长112%。GAAP每股收益"
        );
        assert_eq!(
            punct("评分为2130.API定价为1美元"),
            "评分为2130。API定价为1美元"
        );
        assert_eq!(punct("版本2.0.API文档"), "版本2.0.API文档");
        assert_eq!(punct("请下载报告.PDF文件"), "请下载报告.PDF文件");
        assert_eq!(punct("阿里巴巴.US有空格"), "阿里巴巴.US有空格");
        assert_eq!(punct("保存为.json文件"), "保存为.json文件");
        // So does a capitalized word joined by a hyphen, or a label.
        assert_eq!(punct("网络正常.Wi-Fi已恢复"), "网络正常。Wi-Fi已恢复");
        assert_eq!(punct("欢迎咨询.Tel:010-1234"), "欢迎咨询。Tel:010-1234");
        assert_eq!(
            punct("请联系删除.E-mail:a@b.com"),
            "请联系删除。E-mail:a@b.com"
        );
        assert_eq!(punct("请下载报告.PDF:见附件"), "请下载报告.PDF：见附件");
        assert_eq!(punct("基于.NET-Framework开发"), "基于.NET-Framework开发");
        assert_eq!(punct("评测[J]. 软件学报"), "评测[J]. 软件学报");
        assert_eq!(punct("费用降到¥46,000 左右"), "费用降到¥46,000 左右");
        assert_eq!(punct("我是阿梅.今天分享"), "我是阿梅。今天分享");
        // A number may begin the Chinese clause after the term.
        assert_eq!(
            punct("我们选了Go,3个月就上线了"),
            "我们选了Go，3个月就上线了"
        );
        // So after a quoted or titled name (`电影"Titanic",1997年`).
        for (name, number) in [
            ("\"Titanic\"", "1997年上映"),
            ("《Midnights》", "13首歌"),
            ("\"a\"", "1个"),
        ] {
            assert_eq!(
                punct(&format!("电影{name},{number}")),
                format!("电影{name}，{number}")
            );
        }
        // (Not in a list of such names, whose commas stay alike; nor a host's port.)
        assert_eq!(
            punct("字段\"a\",1,\"b\",2是配置"),
            "字段\"a\",1,\"b\",2是配置"
        );
        assert_eq!(
            punct("连接到\"localhost\":8080即可"),
            "连接到\"localhost\":8080即可"
        );
        assert_eq!(punct("支持iPhone 15,16系列"), "支持iPhone 15,16系列");
        assert_eq!(punct("我的是 iPhone 16,升级了"), "我的是 iPhone 16，升级了");
        assert_eq!(
            punct("配置文件 settings.json 里"),
            "配置文件 settings.json 里"
        );
        assert_eq!(punct("iPhone,好开心"), "iPhone，好开心");
        assert_eq!(punct("Hello 你好."), "Hello 你好。");
        assert_eq!(punct("你好, 世界"), "你好，世界");
        assert_eq!(punct("真的吗?!"), "真的吗？！");
        assert_eq!(punct("中?!b"), "中？！b");
        assert_eq!(punct("我们...我们"), "我们...我们");
        assert_eq!(punct("我们 ,我们"), "我们，我们");
        assert_eq!(punct("前面:I have a dream"), "前面：I have a dream");
        assert_eq!(punct("不知道?JFGI!"), "不知道？JFGI!");
    }

    #[test]
    fn emoticons_stay_ascii() {
        converts(&[
            ("谢谢大家:) thanks", "谢谢大家:) thanks"),
            ("好的:)", "好的:)"),
            ("哈哈 :-) 明天见", "哈哈 :-) 明天见"),
            ("好吧 ;) 你说了算", "好吧 ;) 你说了算"),
            ("真的吗:(", "真的吗:("),
            ("又加班了:(好累", "又加班了:(好累"),
            ("晚安,:-P xD", "晚安，:-P xD"),
            ("哈哈:-D", "哈哈:-D"),
            ("太棒了 :D 下次再来", "太棒了 :D 下次再来"),
            ("太棒了:P", "太棒了:P"),
            // Not a face: a letter glued to the next word, or a parenthesis.
            ("注:D盘满了", "注：D盘满了"),
            ("注:D 盘满了", "注：D 盘满了"),
            ("说明:(见附录)", "说明：（见附录）"),
            ("（备注:）", "（备注：）"),
            ("他说:Python", "他说：Python"),
        ]);
    }

    #[test]
    fn reply_prefixes_keep_their_colon() {
        converts(&[
            (
                "主题: RE: 关于Q3项目进度的确认",
                "主题：RE: 关于Q3项目进度的确认",
            ),
            ("回复:Fwd:会议纪要", "回复：Fwd:会议纪要"),
            ("关于RE:设计", "关于RE：设计"),
        ]);
    }

    #[test]
    fn operators_of_code_stay_ascii() {
        converts(&[
            ("用!=判断不相等.", "用!=判断不相等。"),
            ("Go语言用:=声明变量,很方便", "Go语言用:=声明变量，很方便"),
            ("C++中用::访问命名空间", "C++中用::访问命名空间"),
            ("正向预查用?=表示", "正向预查用?=表示"),
            // Prose marks in a row are still converted.
            ("真的吗?!", "真的吗？！"),
            ("注意:重要", "注意：重要"),
        ]);
    }

    #[test]
    fn html_character_references_keep_their_semicolon() {
        assert_eq!(
            punct("这是一个片段&nbsp;包含实体"),
            "这是一个片段&nbsp;包含实体"
        );
        assert_eq!(punct("他说&#39;好&#39;;然后"), "他说&#39;好&#39;；然后");
        assert_eq!(punct("中文&#x4E2D;文字"), "中文&#x4E2D;文字");
        // Escaped twice.
        assert_eq!(
            punct("价格&amp;nbsp;100元&amp;#39;好&amp;#39;;然后"),
            "价格&amp;nbsp;100元&amp;#39;好&amp;#39;；然后"
        );
        // A semicolon after Chinese is still Chinese.
        assert_eq!(punct("甲方&乙方;丙方"), "甲方&乙方；丙方");
        assert_eq!(punct("我们用R&D;然后"), "我们用R&D；然后");
    }

    #[test]
    fn no_space_inside_fullwidth_marks() {
        assert_eq!(
            punct("版本 v2 ，运行在 Linux 上 。"),
            "版本 v2，运行在 Linux 上。"
        );
        assert_eq!(punct("请不要使用 debug=True 。"), "请不要使用 debug=True。");
        assert_eq!(
            punct("支持（ Python ）和《 Rust 》"),
            "支持（Python）和《Rust》"
        );
        // Nor after a closing bracket before a word or number, converted or not.
        assert_eq!(punct("价格（含税） 199元"), "价格（含税）199元");
        assert_eq!(punct("日期(星期三) 08:12。"), "日期（星期三）08:12。");
        assert_eq!(punct("见《三体》 Part 2。"), "见《三体》Part 2。");
        // A converted mark too, whatever precedes the space.
        assert_eq!(
            punct("我们用 Python ,而不是 Java 。"),
            "我们用 Python，而不是 Java。"
        );
        // Not where the mark would then join two digits into one number (a comma only
        // before a group of thousands).
        assert_eq!(punct("比分是 3 ：1"), "比分是 3 ：1");
        assert_eq!(punct("价格 5 ,1 元"), "价格 5 ，1 元");
        assert_eq!(punct("分别为 2023， 340 和"), "分别为 2023， 340 和");
        assert_eq!(punct("比分 3， 1"), "比分 3，1");
        assert_eq!(punct("分别为12, 34和56."), "分别为12，34和56。");
    }

    /// Nor after a clause or sentence mark before Latin text or a number, converted or not
    /// (`软件学报, 2023` → `软件学报，2023`), but between two numbers.
    #[test]
    fn no_space_after_fullwidth_clause_marks() {
        assert_eq!(punct("他说， Python 很好"), "他说，Python 很好");
        assert_eq!(punct("他说。 2023 年"), "他说。2023 年");
        assert_eq!(
            punct("软件学报, 2023, 34(5): 1021-1036."),
            "软件学报，2023，34(5)：1021-1036。"
        );
        // Nor before the English sentence after a Chinese clause.
        assert_eq!(
            punct("据报道, the two firms have been in talks since March."),
            "据报道，the two firms have been in talks since March."
        );
        assert_eq!(punct("他说: \"We will win.\""), "他说：\"We will win.\"");
        // A footnote call's superscript goes with the mark: the space after it goes before
        // CJK text, as spacing removes it there once the mark is full-width.
        assert_eq!(punct("研究表明,¹ 这个"), "研究表明，¹这个");
        assert_eq!(punct("据报道,¹ the firms"), "据报道，¹ the firms");
        assert_eq!(
            punct("服务很好. Highly recommended!"),
            "服务很好。Highly recommended!"
        );
        // A separator standing apart keeps its spaces: it parts the sides of a parallel
        // line (Moses' ` ||| `), or the lines of a dialogue.
        assert_eq!(
            punct("他去年去了北京. ||| He went to Beijing."),
            "他去年去了北京。 ||| He went to Beijing."
        );
        assert_eq!(
            punct("我是学生. / I am a student."),
            "我是学生。 / I am a student."
        );
        assert_eq!(punct("- 真的吗? - 当然!"), "- 真的吗？ - 当然！");
        // (Not a handle or emphasis glued to what it marks.)
        assert_eq!(punct("王五: @张三 你好"), "王五：@张三 你好");
        assert_eq!(punct("完成. **注意**"), "完成。**注意**");
    }

    #[test]
    fn brackets_of_an_aside_in_english_stay() {
        assert_eq!(
            punct("Will it always be so? (“分寸”)... You have"),
            "Will it always be so? (“分寸”)... You have"
        );
        // Alone on its line, or with Chinese outside them, they are Chinese.
        assert_eq!(punct("(这是注释)"), "（这是注释）");
        assert_eq!(punct("So. (分寸)很重要. Yes"), "So. （分寸）很重要。Yes");
    }

    #[test]
    fn full_width_aside_in_english_takes_its_marks() {
        let cases = [
            (
                "According to Xinhua News Agency（新华社），the meeting was held.",
                "According to Xinhua News Agency (新华社), the meeting was held.",
            ),
            (
                "The deal was signed by Lianhe Inc.（联合公司）and Nordic Data AS.",
                "The deal was signed by Lianhe Inc. (联合公司) and Nordic Data AS.",
            ),
            (
                "Beijing（北京）is the capital.",
                "Beijing (北京) is the capital.",
            ),
            ("It rose 10%（涨停）. Then", "It rose 10% (涨停). Then"),
            (
                "The capital is Beijing（北京）。",
                "The capital is Beijing (北京).",
            ),
            (
                "He cited the saying（“欲速则不达”）to explain it.",
                "He cited the saying (“欲速则不达”) to explain it.",
            ),
            // So does the full stop after a name's gloss; Chinese sentences keep theirs.
            (
                "It is Beijing（北京）。Next one.",
                "It is Beijing (北京). Next one.",
            ),
            ("北京（Beijing）是首都。", "北京（Beijing）是首都。"),
            ("我们在北京（中国）工作。", "我们在北京（中国）工作。"),
            // ASCII brackets: only the mark after them is the sentence's.
            (
                "said the Ministry of Commerce (商务部)， adding that",
                "said the Ministry of Commerce (商务部), adding that",
            ),
            (
                "said the Ministry of Commerce (商务部)，adding that",
                "said the Ministry of Commerce (商务部), adding that",
            ),
            ("He left (他走了)。", "He left (他走了)."),
            ("in Beijing (北京) today", "in Beijing (北京) today"),
            ("我们(中国)工作。", "我们（中国）工作。"),
        ];
        converts(&cases);
    }

    #[test]
    fn brackets_only_as_chinese_pair() {
        assert_eq!(punct("使用(数据库集合)来存储"), "使用（数据库集合）来存储");
        assert_eq!(punct("使用 (API) 来存储"), "使用 (API) 来存储");
        assert_eq!(punct("使用(数据库来存储"), "使用(数据库来存储");
        assert_eq!(punct("原价199元(5折)"), "原价199元（5折）");
        assert_eq!(punct("原价(5 USD)"), "原价(5 USD)");
        // A bracket of the other width than its partner's, around Han, takes its width.
        converts(&[
            ("（详见第3章)", "（详见第3章）"),
            ("他说(这是真的）很好", "他说（这是真的）很好"),
            ("（a)很好", "（a)很好"),
            ("中文 (中文）好", "中文（中文）好"),
            ("（中文) 好", "（中文）好"),
            // (Not a list's marker, nor an emoticon.)
            (
                "说明（详见下文 1) 第一点 2) 第二点）",
                "说明（详见下文 1) 第一点 2) 第二点）",
            ),
            ("（详见附录 A)和（附录 B）", "（详见附录 A）和（附录 B）"),
            ("注意（不要：) 开玩笑)", "注意（不要：) 开玩笑）"),
            ("（参见 a) 和 b) 两项)", "（参见 a) 和 b) 两项）"),
            ("（中文)（中文)", "（中文）（中文）"),
            ("选项 (A) 正确（见解析)", "选项 (A) 正确（见解析）"),
            ("（图 1)和（图 2）所示", "（图 1）和（图 2）所示"),
            ("（备注：详见f(x))", "（备注：详见f(x)）"),
            ("（公式为(a+b)*c)", "（公式为(a+b)*c）"),
            ("今天很开心（哈哈:)", "今天很开心（哈哈：）"),
        ]);
        assert_eq!(
            punct("详见[文档](https://example.com/文档)。"),
            "详见[文档](https://example.com/文档)。"
        );
        // English quoted or named in CJK quotes keeps its marks; Chinese converts.
        converts(&[
            (
                "他說「Hello, world!」然後走了",
                "他說「Hello, world!」然後走了",
            ),
            ("电影《Stop!》很好看", "电影《Stop!》很好看"),
            (
                "提示「Permission denied.」请检查",
                "提示「Permission denied.」请检查",
            ),
            ("他说「我们走吧.」然后", "他说「我们走吧。」然后"),
            ("「OK」之后又说了一遍.", "「OK」之后又说了一遍。"),
        ]);
        // A Roman numeral in one character numbers a list as a digit does; after a Chinese
        // question typed with `?`, a number is its answer, no list's.
        converts(&[
            ("Ⅰ.引言 Ⅱ.方法 Ⅲ.结果", "Ⅰ.引言 Ⅱ.方法 Ⅲ.结果"),
            ("Ⅰ:选择题 Ⅱ:填空题", "Ⅰ：选择题 Ⅱ：填空题"),
            ("你几岁了?18.你呢?", "你几岁了？18。你呢？"),
        ]);
        // A reference list's entry keeps its marks without its type code too.
        converts(&[
            (
                "李四, 王五. 深度学习综述. 计算机学报, 2020, 43(5): 1-10.",
                "李四, 王五. 深度学习综述. 计算机学报, 2020, 43(5): 1-10.",
            ),
            (
                "张三. 量子信息导论. 北京: 科学出版社, 2010: 45-67.",
                "张三. 量子信息导论. 北京: 科学出版社, 2010: 45-67.",
            ),
            (
                "会议在北京召开, 2020年: 10-20人参加.",
                "会议在北京召开，2020年：10-20人参加。",
            ),
        ]);
        // The number of an example or an exercise that begins its line keeps its dot; one
        // referred to at a sentence's end does not.
        converts(&[
            ("例题2.计算下列各式.", "例题2.计算下列各式。"),
            ("习题3.证明该式成立.", "习题3.证明该式成立。"),
            ("方法同例2.", "方法同例2。"),
        ]);
        // A tuple or an interval keeps its commas.
        converts(&[
            ("矩阵大小为(3, 224, 224)", "矩阵大小为(3, 224, 224)"),
            (
                "取值范围为[0.01, 0.1],步长0.01",
                "取值范围为[0.01, 0.1]，步长0.01",
            ),
            ("分为(1, 中文)两种", "分为（1，中文）两种"),
            ("所以g(x)在(0,+∞)上单调递增", "所以g(x)在(0,+∞)上单调递增"),
            ("在[-∞, 0]内", "在[-∞, 0]内"),
        ]);
        // Whatever the next line holds (a long text's part may end before it): found by
        // `long_records_are_written_as_if_cleaned_whole`.
        assert_eq!(punct("对外宣称(;\n对外宣称"), "对外宣称(;\n对外宣称");
        // A Greek letter beside a bracket is a formula's symbol, no kaomoji's.
        assert_eq!(
            punct("求物体沿斜面下滑的加速度(μ=0.2)."),
            "求物体沿斜面下滑的加速度(μ=0.2)。"
        );
        // A Markdown image keeps its `!`, and a link's target its marks.
        assert_eq!(
            punct("效果图![示意图](img/a.png),很好!"),
            "效果图![示意图](img/a.png)，很好！"
        );
        assert_eq!(punct("太好了![笑]"), "太好了！[笑]");
        assert_eq!(
            punct("见[FAQ](docs/FAQ.md#安装,配置),谢谢"),
            "见[FAQ](docs/FAQ.md#安装,配置)，谢谢"
        );
        // No space before the full-width bracket, after a word either.
        assert_eq!(punct("每股收益 EPS (元/股) 为"), "每股收益 EPS（元/股）为");
        // Han anywhere inside, but for a call's arguments.
        assert_eq!(
            punct("升级到最新版本(v3.2.1及以上)"),
            "升级到最新版本（v3.2.1及以上）"
        );
        assert_eq!(
            punct("调用parse(s \"中文\")即可"),
            "调用parse(s \"中文\")即可"
        );
        assert_eq!(
            punct("先运行print(\"你好\")再看"),
            "先运行print(\"你好\")再看"
        );
        // Nor do the marks between a call's arguments.
        assert_eq!(
            punct("调用parse(s, \"中文\")即可."),
            "调用parse(s, \"中文\")即可。"
        );
        assert_eq!(
            punct("调用os.path.join(\"数据\", \"2024\")会得到路径"),
            "调用os.path.join(\"数据\", \"2024\")会得到路径"
        );
        // A capitalized name's aside with Chinese in it is no call.
        assert_eq!(
            punct("还有Devin(Cognition Labs出品,月费$500)可选"),
            "还有Devin（Cognition Labs出品，月费$500）可选"
        );
        assert_eq!(punct("调用max(a, 默认值)即可"), "调用max(a, 默认值)即可");
    }

    #[test]
    fn english_fullwidth() {
        assert_eq!(punct("Come and Join us！"), "Come and Join us!");
        // After Markdown emphasis, before an opening quote or inline code, and the period
        // of an abbreviation.
        assert_eq!(
            punct("**Warning**：do not delete it."),
            "**Warning**: do not delete it."
        );
        assert_eq!(
            punct("The spokesman said，\"We will not give up.\""),
            "The spokesman said, \"We will not give up.\""
        );
        assert_eq!(
            punct("Set the region，`cn-east-1` first."),
            "Set the region, `cn-east-1` first."
        );
        assert_eq!(punct("apples, pears, etc。"), "apples, pears, etc.");
        assert_eq!(
            punct("founded by Dr。Chen in 1990."),
            "founded by Dr. Chen in 1990."
        );
        // A stray space before a full stop goes before a closing quote too.
        assert_eq!(
            punct("He said it was \"too sensitive .\" and left."),
            "He said it was \"too sensitive.\" and left."
        );
        assert_eq!(
            punct("The seat is occupied，Please wait。"),
            "The seat is occupied, Please wait."
        );
        assert_eq!(
            punct("See the notes（optional）here"),
            "See the notes (optional) here"
        );
        assert_eq!(
            punct("See the notes （ optional ） here"),
            "See the notes (optional) here"
        );
        // Square brackets and braces convert as a pair, or not at all.
        assert_eq!(
            punct("Hello ［x］ there, ABC［］"),
            "Hello [x] there, ABC[]"
        );
        assert_eq!(punct("see ｛x｝ and ［1］."), "see {x} and [1].");
        // After inline code or an abbreviation too.
        assert_eq!(
            punct("Set it to `true`；default off. Run `npm start`。"),
            "Set it to `true`; default off. Run `npm start`."
        );
        assert_eq!(
            punct("Use `git rebase -i`（not merge）."),
            "Use `git rebase -i` (not merge)."
        );
        assert_eq!(
            punct("to the U.S.，Japan and Korea"),
            "to the U.S., Japan and Korea"
        );
        assert_eq!(
            punct("Details：https://example.com/a？id=3 here"),
            "Details: https://example.com/a？id=3 here"
        );
        assert_eq!(
            punct("a hybrid \"thinking mode\"（思考模式）that you toggle."),
            "a hybrid \"thinking mode\" (思考模式) that you toggle."
        );
        // An English gloss of the Chinese word before it.
        assert_eq!(
            punct("Young workers now 摸鱼（slacking off）at the office."),
            "Young workers now 摸鱼 (slacking off) at the office."
        );
        assert_eq!(punct("Revenue：$1.2B，“up”"), "Revenue: $1.2B, “up”");
        assert_eq!(
            punct("Tel：+86-21-5888 or Tags：#ai"),
            "Tel: +86-21-5888 or Tags: #ai"
        );
        assert_eq!(punct("margin 8.3%（vs. 8.4%）."), "margin 8.3% (vs. 8.4%).");
        assert_eq!(punct("at 12：30，then"), "at 12:30, then");
        assert_eq!(punct("on January 1，2025 the"), "on January 1, 2025 the");
        assert_eq!(punct("grew by 5.2%，exceeding"), "grew by 5.2%, exceeding");
        // A straight quote that closes the quotation is not spaced as an opening one.
        assert_eq!(
            punct("写道：\"This is insane！\"随后删除了该帖子。"),
            "写道：\"This is insane!\"随后删除了该帖子。"
        );
        // A mark doubled in two widths is one.
        assert_eq!(
            punct("The company said,，it would expand. Is it a bubble?？ Yes.。"),
            "The company said, it would expand. Is it a bubble? Yes."
        );
        // A run of one mark converts whole.
        assert_eq!(
            punct("Todoist。。。任务管理神器"),
            "Todoist... 任务管理神器"
        );
        assert_eq!(punct("Wow！！！ Really？？"), "Wow!!! Really??");
    }

    #[test]
    fn a_passwords_mark_is_its_own() {
        assert_eq!(
            punct("WiFi密码:kyoto2024! 紧急电话"),
            "WiFi密码：kyoto2024! 紧急电话"
        );
        assert_eq!(
            punct("账号:test01 密码:P@ssw0rd!"),
            "账号：test01 密码：P@ssw0rd!"
        );
        assert_eq!(
            punct("Password: abc123! 请记住"),
            "Password: abc123! 请记住"
        );
        assert_eq!(
            punct("初始密码为admin123!,请登录"),
            "初始密码为admin123!，请登录"
        );
        // (Not an exclamation after a name or a label's words.)
        assert_eq!(punct("密码忘了!快帮我"), "密码忘了！快帮我");
        assert_eq!(punct("我的iPhone15!太棒了"), "我的iPhone15！太棒了");
    }

    #[test]
    fn chinese_marks_without_ascii_forms_in_english() {
        // The enumeration comma between words, the doubled dash and the doubled ellipsis.
        assert_eq!(
            punct("We sell apples、oranges and pears."),
            "We sell apples, oranges and pears."
        );
        assert_eq!(
            punct("The company——which was founded in 2010——is now worth billions."),
            "The company—which was founded in 2010—is now worth billions."
        );
        assert_eq!(
            punct("He waited and waited……but nobody came."),
            "He waited and waited... but nobody came."
        );
        assert_eq!(punct("He waited and waited……"), "He waited and waited...");
        assert_eq!(punct("Tags: AI、ML、DL"), "Tags: AI, ML, DL");
        // Not a list's number or letter, a rule of dashes, Chinese text, or an island of a
        // Chinese sentence.
        for kept in [
            "1、Install the package and run it now.",
            "A、Paris B、London C、Berlin",
            "II、Methods and materials",
            "Contents: i、Introduction ii、Methods",
            "他说I think……maybe we should go然后走了。",
            "The line ———— goes on and on in the text.",
            "他说——这是最好的结果。",
            "支持Python、Java、Go等语言。",
            "关键词：deep learning、neural networks、computer vision",
        ] {
            assert_eq!(punct(kept), kept);
        }
    }

    #[test]
    fn english_stray_space_before_a_mark() {
        let cases = [
            ("occupied ，Please wait", "occupied, Please wait"),
            ("Hello ， world ！", "Hello, world!"),
            ("the fastest since 2008 。", "the fastest since 2008."),
            (
                "popular in 2020 , describing it .",
                "popular in 2020, describing it.",
            ),
            ("the word \"yes\" , then", "the word \"yes\", then"),
            // Glued to the next word, its space moves after it.
            (
                "He said at last ,holding up the rabbit, that it was over.",
                "He said at last, holding up the rabbit, that it was over.",
            ),
            // After a Chinese island, the space ends the span before the mark's.
            ("We met in 北京 , then left.", "We met in 北京, then left."),
            ("I like it, but 我不喜欢它 .", "I like it, but 我不喜欢它."),
            // Left: a run of dots, a file extension, what French spaces, a mark after a
            // URL, a mark at the start of a line.
            ("wait . . . and wait ...", "wait . . . and wait ..."),
            ("a .txt file , ok", "a .txt file, ok"),
            (
                "Bonjour ! Pourquoi ? Voici : rien.",
                "Bonjour ! Pourquoi ? Voici : rien.",
            ),
            ("see http://x.com/a . Then", "see http://x.com/a . Then"),
            ("list:\n, next", "list:\n, next"),
        ];
        converts(&cases);
    }

    #[test]
    fn english_stray_space_before_an_exclamation_or_question_mark() {
        let cases = [
            (
                "Hello world, this is a test !",
                "Hello world, this is a test!",
            ),
            (
                "What do you think ? It is the one we want.",
                "What do you think? It is the one we want.",
            ),
            // The space was on the wrong side of the mark.
            (
                "What do you think ?I think so.",
                "What do you think? I think so.",
            ),
            (
                "Is it the one you want ?\"Yes,\" he said.",
                "Is it the one you want? \"Yes,\" he said.",
            ),
            (
                "\"Is it the one you want ?\" he said.",
                "\"Is it the one you want?\" he said.",
            ),
            // Left: French, code, a short phrase that need not be English, a run.
            (
                "Bonjour tout le monde ! Comment allez-vous ? Je vais bien.",
                "Bonjour tout le monde ! Comment allez-vous ? Je vais bien.",
            ),
            (
                "It is the value of x ? a : b that we want in the loop.",
                "It is the value of x ? a : b that we want in the loop.",
            ),
            // English prose is read on the whole line, its Chinese islands aside.
            (
                "The rollout went well, but the 灰度 traffic and the 全量 traffic differ !",
                "The rollout went well, but the 灰度 traffic and the 全量 traffic differ!",
            ),
            ("Really ?", "Really ?"),
            ("Is it what you want ?!", "Is it what you want ?!"),
        ];
        converts(&cases);
    }

    #[test]
    fn chinese_sentence_ends_after_a_quotation_or_a_unit() {
        let cases = [
            (
                "海报上的标语用「Think It Through」.",
                "海报上的标语用「Think It Through」。",
            ),
            (
                "英文名暂定为“The Quiet Engine”!",
                "英文名暂定为“The Quiet Engine”！",
            ),
            // A unit glued to a number is no abbreviation (`ms`, `Ms.`).
            ("延迟从800ms降到了120ms.", "延迟从800ms降到了120ms。"),
            // And one spaced from it, a unit's lowercase word (`500 mg`), no English word.
            ("每次500 mg.", "每次500 mg。"),
            ("延迟降到了120 ms.", "延迟降到了120 ms。"),
            ("中国队以3 v. 1战胜对手.", "中国队以3 v. 1战胜对手。"),
            // A statistic's square bracket too; not a reference's document-type code.
            ("显著优于对照组[P<0.05].", "显著优于对照组[P<0.05]。"),
            ("评测[J].", "评测[J]."),
            // So is an English quotation it quotes at its end, the mark outside the quotes.
            (
                "他认为“this is the end of an era”.",
                "他认为“this is the end of an era”。",
            ),
            (
                "GDPR第4条将\"个人数据\"定义为\"any information relating to a person\".",
                "GDPR第4条将\"个人数据\"定义为\"any information relating to a person\"。",
            ),
            // (Also after its comma.)
            ("他说，\"We are ready\".", "他说，\"We are ready\"。"),
            (
                "He said \"this is the end of an era\".",
                "He said \"this is the end of an era\".",
            ),
            (
                "他说：\"I will be back, I promise.\"",
                "他说：\"I will be back, I promise.\"",
            ),
            // A quoted phrase that opens the sentence is named in it, not English prose.
            (
                "\"be used to doing\"表示习惯于做某事.",
                "\"be used to doing\"表示习惯于做某事。",
            ),
            (
                "成人:每8小时500 mg或每12小时875 mg.",
                "成人：每8小时500 mg或每12小时875 mg。",
            ),
            ("The dose is 500 mg.", "The dose is 500 mg."),
            // So are units after a slash, and units that end in a symbol or a superscript.
            ("流速降到了5mL/h.", "流速降到了5mL/h。"),
            ("心率78次/min.", "心率78次/min。"),
            ("最好的语言是C++.", "最好的语言是C++。"),
            ("阅读量10w+,点赞3k+.", "阅读量10w+，点赞3k+。"),
            ("电阻为44Ω.", "电阻为44Ω。"),
            ("面积是12m².", "面积是12m²。"),
            // A period before a clause mark is an abbreviation's, known or not.
            ("住在Jianguo Rd.,很好找.", "住在Jianguo Rd.，很好找。"),
            ("他说...,然后走了.", "他说...，然后走了。"),
            ("请联系Ms. Wang.", "请联系Ms. Wang。"),
            // A Chinese lead-in ends in a full-width colon, after a term too.
            ("首先配置Nginx:\n", "首先配置Nginx：\n"),
            // An English sentence typed on without a space begins after it.
            (
                "我很喜欢这个产品.It is great!",
                "我很喜欢这个产品。It is great!",
            ),
            ("打开中文.Txt 文件", "打开中文.Txt 文件"),
            // Markdown's emphasis closes after the sentence's mark.
            ("**为什么显示Bad Gateway?**", "**为什么显示Bad Gateway？**"),
            // So is a clause mark after a quotation, Chinese after it.
            (
                "口号是\"Just do it!\",很经典.",
                "口号是\"Just do it!\"，很经典。",
            ),
            ("他说“yes”,然后走了.", "他说“yes”，然后走了。"),
            (
                "吃了烤肉(삼겹살),气氛非常好",
                "吃了烤肉(삼겹살)，气氛非常好",
            ),
            (
                "我最喜欢「進撃の巨人」,你呢?",
                "我最喜欢「進撃の巨人」，你呢？",
            ),
            ("然后修改 nginx.conf:", "然后修改 nginx.conf："),
            (
                "地址是 https://example.com/a:",
                "地址是 https://example.com/a：",
            ),
            ("保存到/etc/hosts:", "保存到/etc/hosts："),
        ];
        converts(&cases);
    }

    #[test]
    fn list_numbers_run_into_a_line_are_no_sentence_ends() {
        let cases = [
            (
                "纪要：1. 确认了方案；2. 讨论了计划.",
                "纪要：1. 确认了方案；2. 讨论了计划。",
            ),
            (
                "步骤如下:1.安装 2. 运行 3. 测试",
                "步骤如下：1.安装 2. 运行 3. 测试",
            ),
            // After a Chinese sentence's end, glued or spaced.
            (
                "注意事项：1.请携带身份证。2.请提前到场。3.禁止吸烟。",
                "注意事项：1.请携带身份证。2.请提前到场。3.禁止吸烟。",
            ),
            (
                "步骤如下。1.打开设置 2.选择语言",
                "步骤如下。1.打开设置 2.选择语言",
            ),
            ("1. 准时。 2. 认真。", "1. 准时。2. 认真。"),
            // After a heading's `】` or a `）`; glued after Han, a first item, or one
            // whose item before is on the line; an option's capital letter likewise.
            (
                "【禁忌】1.对本品过敏者禁用。2.孕妇禁用。",
                "【禁忌】1.对本品过敏者禁用。2.孕妇禁用。",
            ),
            ("步骤 1.切菜 2.炒菜", "步骤 1.切菜 2.炒菜"),
            ("选项：A.正确 B.错误", "选项：A.正确 B.错误"),
            ("正确的是（）A.平的 B.圆的", "正确的是（）A.平的 B.圆的"),
            // Spaced from the option's text too.
            (
                "首都是哪里? A. 北京 B. 上海 C. 广州",
                "首都是哪里？A. 北京 B. 上海 C. 广州",
            ),
            ("A. 正确 B. 错误", "A. 正确 B. 错误"),
            // And so are lowercase letters and Roman numerals, a first one after a heading
            // with the next on its line.
            (
                "步骤:a. 打开电源 b. 按下按钮 c. 等待.",
                "步骤：a. 打开电源 b. 按下按钮 c. 等待。",
            ),
            (
                "i. 不可抗力事件;ii. 政府行为;iii. 其他情况.",
                "i. 不可抗力事件；ii. 政府行为；iii. 其他情况。",
            ),
            (
                "注意事项:a.请勿拆卸;b.请勿浸水.",
                "注意事项：a.请勿拆卸；b.请勿浸水。",
            ),
            ("第一部分 I. 总则 II. 定义", "第一部分 I. 总则 II. 定义"),
            // Not an ordinal, a number with no item before it, a vitamin.
            ("排名第 1.大家很高兴", "排名第 1。大家很高兴"),
            ("版本号为 2.然后", "版本号为 2。然后"),
            ("补充维生素 A.然后多喝水", "补充维生素 A。然后多喝水"),
            ("补充维生素 A. 然后多喝水", "补充维生素 A。然后多喝水"),
            // (Spaced from its text, a first option has the next on its line; an option
            // follows no word.)
            ("答案：A. 因为北京是首都", "答案：A。因为北京是首都"),
            (
                "Vitamin A. 然后补充 Vitamin B. 很重要",
                "Vitamin A. 然后补充 Vitamin B。很重要",
            ),
            // Nor a part of speech before its Chinese gloss.
            ("light adj. 轻的 n. 光", "light adj. 轻的 n. 光"),
            ("well adv. 好 adj. 健康的", "well adv. 好 adj. 健康的"),
            ("light /laɪt/ adj. 轻的", "light /laɪt/ adj. 轻的"),
            // (Only in an entry: after its headword or another part of speech.)
            ("类型改成 int. 然后编译", "类型改成 int。然后编译"),
            ("设样本数为 n. 则均值为", "设样本数为 n。则均值为"),
            // Nor an answer's letter with no option before it.
            ("答案：C.解析：略。", "答案：C。解析：略。"),
            ("他跑了第一。2.5公里", "他跑了第一。2.5公里"),
            // After a Chinese sentence typed with an ASCII full stop.
            ("请带好身份证.2.请提前到场", "请带好身份证。2.请提前到场"),
            ("版本v1.2.请升级", "版本v1.2。请升级"),
            // After a tab; but a number that ends its line ends its sentence.
            ("项目：\t1.\t苹果", "项目：\t1.\t苹果"),
            ("你今年多大？12.", "你今年多大？12。"),
            // A number that ends a sentence: after Han, or no item before it.
            ("我们排名第 1. 大家很高兴.", "我们排名第 1。大家很高兴。"),
            ("我们排名第 2. 大家很高兴.", "我们排名第 2。大家很高兴。"),
            // Citation calls after the Chinese text are its sentence's.
            (
                "显著进展[2][3].Devlin 等人提出",
                "显著进展[2][3]。Devlin 等人提出",
            ),
            // Nor are a time's minutes, or a score's.
            (
                "会议定于明天 15:00.请准时参加",
                "会议定于明天 15:00。请准时参加",
            ),
            ("比分是 3:2.", "比分是 3:2。"),
        ];
        converts(&cases);
    }

    #[test]
    fn english_sentence_keeps_its_end_before_chinese() {
        assert_eq!(
            punct("The firm is in 北京. 我们有信心."),
            "The firm is in 北京. 我们有信心。"
        );
        assert_eq!(punct("我们在北京. 我们有信心."), "我们在北京。我们有信心。");
        // The sentence end after a Chinese clause left untranslated is that clause's.
        assert_eq!(
            punct("It was no reversal; it更像是一次经过精心设计的信号释放."),
            "It was no reversal; it更像是一次经过精心设计的信号释放。"
        );
        assert_eq!(punct("We call it 叠加态. Then"), "We call it 叠加态. Then");
        // A long name after an article or a preposition is a noun of the English sentence.
        assert_eq!(
            punct("It was funded by the 国家自然科学基金委员会."),
            "It was funded by the 国家自然科学基金委员会."
        );
        assert_eq!(
            punct("He said that 企业普遍反映审批周期明显拉长，部分订单已被迫取消."),
            "He said that 企业普遍反映审批周期明显拉长，部分订单已被迫取消。"
        );
        // Its mark is spaced before the Chinese glued to it, as before an English word.
        assert_eq!(
            punct("Restores 50 HP.恢复生命值。"),
            "Restores 50 HP. 恢复生命值。"
        );
        // And a colon after an English sentence, and a comma past an abbreviation's period.
        assert_eq!(
            punct("His position remained unchanged:坚决反对任何形式的干涉。"),
            "His position remained unchanged: 坚决反对任何形式的干涉。"
        );
        assert_eq!(
            punct("The fire started around 3 a.m.,原因仍在调查中。"),
            "The fire started around 3 a.m., 原因仍在调查中。"
        );
        // And an English clause of three words or more before its comma, in a Chinese line.
        assert_eq!(
            punct("嘉宾：I think we are closer than most people think,可能5到10年吧。"),
            "嘉宾：I think we are closer than most people think, 可能5到10年吧。"
        );
        // And a Chinese quotation's closing straight quote from its English attribution.
        assert_eq!(
            punct("\"刚开始很不习惯，\"he said。"),
            "\"刚开始很不习惯，\" he said."
        );
        // And a `!` or `?` glued to the name that begins the Chinese sentence after it.
        assert_eq!(
            punct("Here we go!Fabrizio Romano 在 X 上宣布了。"),
            "Here we go! Fabrizio Romano 在 X 上宣布了。"
        );
        assert_eq!(punct("买 Yahoo!Japan 的股票"), "买 Yahoo!Japan 的股票");
        // Also after a closing quote (`"…",并指出` -> `"…", 并指出`, as `"…"，并指出` does).
        assert_eq!(
            punct("The move was \"largely symbolic\",并指出考验在明年。"),
            "The move was \"largely symbolic\", 并指出考验在明年。"
        );
        assert_eq!(
            punct("The move was \"largely symbolic\"，并指出考验在明年。"),
            "The move was \"largely symbolic\", 并指出考验在明年。"
        );
        assert_eq!(
            punct("Analysts called it a 'soft landing',并指出风险仍在。"),
            "Analysts called it a 'soft landing', 并指出风险仍在。"
        );
        // And the English after a Chinese island from the word glued to its mark.
        assert_eq!(
            punct("It cut rates by 25 points,这是第二次降准,releasing about 1 trillion yuan."),
            "It cut rates by 25 points, 这是第二次降准, releasing about 1 trillion yuan."
        );
        assert_eq!(
            punct("The bank made a cut (第二次降准)was expected by all."),
            "The bank made a cut (第二次降准) was expected by all."
        );
        // A short sentence's too, whatever its mark.
        for (line, spaced) in [
            ("It was called 躺平;many agreed.", "躺平; many"),
            ("It was called 躺平,many agreed.", "躺平, many"),
            ("It was called 躺平!Many agreed.", "躺平! Many"),
            ("Is it 躺平?Many think so.", "躺平? Many"),
            // (A word and its mark that end a line begun in English.)
            ("Dear all,明天放假,enjoy!", "放假, enjoy!"),
            ("They call it 内卷:everyone competes.", "内卷: everyone"),
            (
                "Exports rose 5.1%,进口下降2.3%;the trade surplus widened.",
                "2.3%; the",
            ),
        ] {
            assert!(punct(line).contains(spaced), "{line}");
        }
        // Not an emoji's code or an editor's command.
        for line in [
            "So happy 好开心:smile: today and tomorrow.",
            "Then type 退出:wq and press enter.",
        ] {
            assert_eq!(punct(line), line);
        }
        // Not in a call or a row of values.
        assert_eq!(
            punct("Use the function print(你好,world) in Python."),
            "Use the function print(你好,world) in Python."
        );
        assert_eq!(
            punct("In CSV: 姓名,Name,Age is the header."),
            "In CSV: 姓名,Name,Age is the header."
        );
        assert_eq!(
            punct("It lasts 8 hours,充电盒可以再充三次左右。"),
            "It lasts 8 hours, 充电盒可以再充三次左右。"
        );
        assert_eq!(
            punct("Sales grew 8.5%.据报道。"),
            "Sales grew 8.5%. 据报道。"
        );
        // So is an English sentence's in a Chinese line.
        assert_eq!(
            punct("例句：I have finished my homework.我已经完成了作业。"),
            "例句：I have finished my homework. 我已经完成了作业。"
        );
        assert_eq!(
            punct("警告：Do not use near water。"),
            "警告：Do not use near water."
        );
        // (A name that Han follows begins a Chinese sentence, an English quotation in it.)
        assert_eq!(
            punct("Ives称,这是\"a golden buying opportunity\",并预计英伟达将收复失地."),
            "Ives称，这是\"a golden buying opportunity\"，并预计英伟达将收复失地。"
        );
        // A bracket made ASCII after a mark made ASCII is spaced from it.
        assert_eq!(
            punct("Key risks include：（1）weak demand；（2）rising costs。"),
            "Key risks include: (1) weak demand; (2) rising costs."
        );
        // Also past the brackets it closes (spacing spaces `.)中` once the mark is ASCII).
        // (Cleaning converts the mark in one round and spaces it in the next.)
        assert_eq!(punct(&punct("(see t()。)中文")), "(see t().) 中文");
        // (Regression: a full-width full stop ends the English sentence too.)
        let once = punct("the．我们.");
        assert_eq!(punct(&once), once);
        // A sentence begun in Chinese is Chinese, whatever English it holds.
        assert_eq!(
            punct("我们用的是Spring Boot + MyBatis + MySQL的技术栈,部署在阿里云ECS上."),
            "我们用的是Spring Boot + MyBatis + MySQL的技术栈，部署在阿里云ECS上。"
        );
        // A letter label is no English word to begin it.
        assert_eq!(
            punct("A:用ps aux | grep node看看进程在不在."),
            "A：用ps aux | grep node看看进程在不在。"
        );
    }

    #[test]
    fn island_edges_kept() {
        // The mark that ends the line after a Chinese clause that follows an English clause
        // and its mark is the Chinese clause's, whatever its length; not one before more
        // English, nor after a Chinese example that follows another.
        for (s, want) in [
            (
                "Press Space to jump, 按空格键跳跃!",
                "Press Space to jump, 按空格键跳跃！",
            ),
            (
                "The parties agree as follows:双方同意如下:",
                "The parties agree as follows: 双方同意如下：",
            ),
            (
                "WHEREAS, Party A desires to engage Party B; 鉴于甲方希望聘请乙方;",
                "WHEREAS, Party A desires to engage Party B; 鉴于甲方希望聘请乙方；",
            ),
            (
                "We met in 北京; then we left.",
                "We met in 北京; then we left.",
            ),
            ("He said: 好. Then he left.", "He said: 好. Then he left."),
            (
                "Switches occur within compounds, e.g. 很 emo, 太 social 了.",
                "Switches occur within compounds, e.g. 很 emo, 太 social 了.",
            ),
        ] {
            assert_eq!(punct(s), want);
        }
        // Inside an island, a clause mark is Chinese only before more Chinese.
        assert_eq!(
            punct("As noted by Li Shi (李实, 2020), inequality is high."),
            "As noted by Li Shi (李实, 2020), inequality is high."
        );
        assert_eq!(
            punct("The slogan was 为人民服务, 不忘初心 at the time."),
            "The slogan was 为人民服务，不忘初心 at the time."
        );
        assert_eq!(
            punct("than the 欧美市场. Transmitting"),
            "than the 欧美市场. Transmitting"
        );
        assert_eq!(punct("we have 底气, to"), "we have 底气, to");
        // A parenthesis between English words is an aside, with full-width marks or not.
        assert_eq!(
            punct("Previous studies（李实, 2020）document high inequality."),
            "Previous studies (李实, 2020) document high inequality."
        );
        assert_eq!(
            punct("Real estate (房地产): 1.1%"),
            "Real estate (房地产): 1.1%"
        );
        // A full-width clause mark after a Chinese word, the English sentence going on after
        // it, is the English sentence's.
        assert_eq!(
            punct("Young people call this “躺平”，or lying flat."),
            "Young people call this “躺平”, or lying flat."
        );
        assert_eq!(
            punct("They call it 躺平， or lying flat."),
            "They call it 躺平, or lying flat."
        );
        assert_eq!(
            punct("the plan was 不切实际的；investors agreed."),
            "the plan was 不切实际的; investors agreed."
        );
        // So is the sentence end after a word the English sentence names, there or at the
        // line end, and a lead-in's colon at the line end; also after a title's bracket.
        assert_eq!(
            punct("In Chinese, superposition is called 叠加态。"),
            "In Chinese, superposition is called 叠加态."
        );
        // (Not after a clause whose ideographs a number parts: a word is one run of them.)
        assert_eq!(
            punct("The report said the company 净利润为 3 亿元。"),
            "The report said the company 净利润为 3 亿元。"
        );
        assert_eq!(
            punct("The population is 14 亿。"),
            "The population is 14 亿."
        );
        assert_eq!(
            punct("Bring your 身份证！You will need it."),
            "Bring your 身份证! You will need it."
        );
        assert_eq!(
            punct("Thanks！What about 不见不散？"),
            "Thanks! What about 不见不散?"
        );
        assert_eq!(
            punct("Translate into Chinese using 把："),
            "Translate into Chinese using 把:"
        );
        assert_eq!(
            punct("Please read 《量子计算导论》，especially chapter 3."),
            "Please read 《量子计算导论》, especially chapter 3."
        );
        // Not after a Chinese clause of its own, nor after quoted speech.
        assert_eq!(
            punct("I am饭毕，贾母斗牌，then we left."),
            "I am饭毕，贾母斗牌，then we left."
        );
        assert_eq!(
            punct("The company said it更像是一次经过精心设计的对外信号释放。"),
            "The company said it更像是一次经过精心设计的对外信号释放。"
        );
        assert_eq!(
            punct("He looked worried: \"但它们不怕。 They have shells.\""),
            "He looked worried: \"但它们不怕。 They have shells.\""
        );
        // A short line of an English document is English.
        let article = "The central bank cut the reserve requirement ratio on Friday, the \
            second cut this year, as policymakers try to support a slowing economy, and the \
            move will release about one trillion yuan in long-term liquidity, according to \
            the central bank.\n";
        assert_eq!(
            punct(&format!("{article}Source: 新华社, 2024-10-09.")),
            format!("{article}Source: 新华社, 2024-10-09.")
        );
    }

    #[test]
    fn never_converted() {
        assert_eq!(punct("版本 3.5 发布"), "版本 3.5 发布");
        assert_eq!(
            punct("访问 https://例子.com/路径?q=1 了解"),
            "访问 https://例子.com/路径?q=1 了解"
        );
        assert_eq!(punct("e.g. the 中文 word"), "e.g. the 中文 word");
    }

    /// A mark glued between two ideographs ends a Chinese sentence, also one that took over
    /// an English sentence begun on its line.
    #[test]
    fn a_mark_between_ideographs_is_chinese() {
        converts(&[
            (
                "It was slow; 公司开始使用人工智能.但是效果有限.",
                "It was slow; 公司开始使用人工智能。但是效果有限。",
            ),
            (
                "It was slow; 公司在用人工智能吗?但是效果有限.",
                "It was slow; 公司在用人工智能吗？但是效果有限。",
            ),
            (
                "The firm is in 北京. 我们 went there.",
                "The firm is in 北京. 我们 went there.",
            ),
            (
                "The novel was translated by 约翰.史密斯 in 1990.",
                "The novel was translated by 约翰.史密斯 in 1990.",
            ),
        ]);
    }

    /// A colon glued between letters or digits is a token's: a port, an image tag, a line
    /// number, a scheme; the colon of a label before it is converted.
    #[test]
    fn a_colon_inside_a_token_stays() {
        converts(&[
            (
                "访问 localhost:3000 查看效果",
                "访问 localhost:3000 查看效果",
            ),
            ("拉取 nginx:1.25 镜像", "拉取 nginx:1.25 镜像"),
            ("报错在 main.c:42 行", "报错在 main.c:42 行"),
            (
                "链接:arXiv:2307.09288.有兴趣",
                "链接：arXiv:2307.09288。有兴趣",
            ),
            ("A1:答案是对的", "A1：答案是对的"),
            ("错误码 40101:未授权", "错误码 40101：未授权"),
            ("@GG_Bond:2024 年了", "@GG_Bond：2024 年了"),
            (
                "用户 1234:GOOD!!!给老妈买的",
                "用户 1234：GOOD！！！给老妈买的",
            ),
            // An acronym after Chinese text labels a capitalized value, as in a spec sheet.
            (
                "配置 CPU:Intel i7-13700H，内存：16GB",
                "配置 CPU：Intel i7-13700H，内存：16GB",
            ),
            ("今日份 OOTD:Zara 外套", "今日份 OOTD：Zara 外套"),
            ("配置 CPU:intel 芯片", "配置 CPU:intel 芯片"),
            // So does a contact's label, after Chinese text or a clause's mark.
            (
                "电话：138-0013-8000，QQ:123456789",
                "电话：138-0013-8000，QQ：123456789",
            ),
            ("我的 ID:abc123，密码：xyz", "我的 ID：abc123，密码：xyz"),
            ("The user ID:42 was deleted.", "The user ID:42 was deleted."),
            // (Not in an English list of labels, nor after an ASCII comma.)
            ("电话 Tel: 123, QQ: 456", "电话 Tel: 123, QQ: 456"),
            ("日志:[user,ID:42]", "日志：[user,ID:42]"),
        ]);
    }

    /// The colon of an English label or lead-in that begins its line, a space after it, is
    /// English, whatever language follows; glued to Chinese, or after Chinese, it is not.
    #[test]
    fn an_english_label_keeps_its_colon() {
        converts(&[
            (
                "Party A: 上海华信科技有限公司",
                "Party A: 上海华信科技有限公司",
            ),
            (
                "[09:21] Emily Zhao: 啊?我周末要去首尔",
                "[09:21] Emily Zhao: 啊？我周末要去首尔",
            ),
            (
                "One user wrote: 这个手机真的太好用了.",
                "One user wrote: 这个手机真的太好用了。",
            ),
            ("Tags: 科技 | 人工智能", "Tags: 科技 | 人工智能"),
            // Also in bold, its emphasis closed after the colon.
            ("**Note:** 这个参数很重要。", "**Note:** 这个参数很重要。"),
            ("A:用 ps aux 看看.", "A：用 ps aux 看看。"),
            ("A: 你吃饭了吗?", "A：你吃饭了吗？"),
            ("首先配置 Nginx: 打开文件", "首先配置 Nginx：打开文件"),
            // (And a field of a bilingual form after the Chinese one, blank after it.)
            (
                "签字:______ Signature: ______",
                "签字：______ Signature: ______",
            ),
            (
                "甲方盖章 Seal of Party A: ______",
                "甲方盖章 Seal of Party A: ______",
            ),
            ("请填写 Name: 张三", "请填写 Name：张三"),
        ]);
    }

    /// A number that begins its line is the Chinese clause's after it: an error code, a
    /// vote, an item; not a time, a thousands separator or a score.
    #[test]
    fn a_number_opening_a_chinese_line() {
        converts(&[
            ("40101:未授权", "40101：未授权"),
            ("- 40101:未授权,请检查", "- 40101：未授权，请检查"),
            ("+1,我要个 6 寸的", "+1，我要个 6 寸的"),
            ("10:30 开会", "10:30 开会"),
            ("1,000 元", "1,000 元"),
            ("3: 2", "3: 2"),
        ]);
    }

    /// The marks of a GB/T 7714 reference entry are the standard's.
    #[test]
    fn formulas_and_inline_math_are_terms() {
        converts(&[
            ("已知f(x)=x²-x,求最小值.", "已知f(x)=x²-x，求最小值。"),
            ("比热容c=4.2J/(kg·K),很大.", "比热容c=4.2J/(kg·K)，很大。"),
            ("我们有a=b.", "我们有a=b。"),
            (
                "损失函数定义为$L=-\\sum_i y_i$,其中$N$为样本数.",
                "损失函数定义为$L=-\\sum_i y_i$，其中$N$为样本数。",
            ),
            (
                "由式(3)可知,$x \\in R^{d}$.",
                "由式(3)可知，$x \\in R^{d}$。",
            ),
            // (The math's own marks stay: `$f(x, y)$`.)
            ("设$f(x, y)=x$,则成立.", "设$f(x, y)=x$，则成立。"),
        ]);
    }

    #[test]
    fn english_quoted_in_chinese_keeps_its_mark() {
        converts(&[
            ("他说:“Thanks!”然后走了.", "他说：“Thanks!”然后走了。"),
            (
                "他低声说:\"Sorry.\"然后转身离开了.",
                "他低声说：\"Sorry.\"然后转身离开了。",
            ),
            ("他只回了一句“Fine.”", "他只回了一句“Fine.”"),
            ("他说\"好的!\"然后走了", "他说\"好的！\"然后走了"),
        ]);
    }

    #[test]
    fn a_gloss_after_han_leaves_the_clause_chinese() {
        converts(&[
            (
                "苹果(AAPL),2023年营收3800亿美元.",
                "苹果(AAPL)，2023年营收3800亿美元。",
            ),
            ("空气质量指数(AQI):45,优.", "空气质量指数(AQI)：45，优。"),
            ("乙方(Licensee):ABC公司", "乙方(Licensee)：ABC公司"),
            // (Not an island's gloss before English.)
            ("We met 王伟(Wang Wei), who", "We met 王伟(Wang Wei), who"),
        ]);
    }

    #[test]
    fn a_wikipedia_reference_keeps_its_marks() {
        converts(&[
            (
                "^ 北京大学校史馆. 北京大学历史沿革. [2024-03-05]. (原始内容存档于2023-12-01).",
                "^ 北京大学校史馆. 北京大学历史沿革. [2024-03-05]. (原始内容存档于2023-12-01).",
            ),
            (
                "^ 1.0 1.1 张三. 中国通史. 北京: 中华书局, 2020.",
                "^ 1.0 1.1 张三. 中国通史. 北京: 中华书局, 2020.",
            ),
            // (Not prose that begins with a caret sign.)
            ("^_^ 好的,明天见.", "^_^ 好的，明天见。"),
            ("参见:^ 注释.", "参见：^ 注释。"),
        ]);
    }

    #[test]
    fn a_reference_entry_keeps_its_marks() {
        converts(&[
            (
                "[1] 姚汉源. 京杭运河史[M]. 北京: 中国水利水电出版社, 1998.",
                "[1] 姚汉源. 京杭运河史[M]. 北京: 中国水利水电出版社, 1998.",
            ),
            (
                "[2] 王小明,李华.基于深度学习的中文分词研究[J].计算机学报,2019,42(3):521-535.",
                "[2] 王小明,李华.基于深度学习的中文分词研究[J].计算机学报,2019,42(3):521-535.",
            ),
            (
                "[3] 国家统计局. 统计公报[EB/OL]. (2024-02-29).",
                "[3] 国家统计局. 统计公报[EB/OL]. (2024-02-29).",
            ),
            // Not a line without the code, nor prose that cites or names one.
            (
                "见文献[1].我们认为,这样不对.",
                "见文献[1]。我们认为，这样不对。",
            ),
            (
                "推荐阅读:周志华.机器学习[M].北京:清华大学出版社,2016.这本书非常适合入门!",
                "推荐阅读：周志华。机器学习[M].北京：清华大学出版社，2016。这本书非常适合入门！",
            ),
            (
                "注:专著用[M].表示,期刊用[J].表示.",
                "注：专著用[M].表示，期刊用[J].表示。",
            ),
            // Unnumbered, ending in its year.
            (
                "王小明,李华.分词研究[J].计算机学报,2019.",
                "王小明,李华.分词研究[J].计算机学报,2019.",
            ),
        ]);
    }

    /// A mark alone in quotes or brackets is the mark itself, named: it stays as written.
    #[test]
    fn a_mark_shown_alone_stays() {
        converts(&[
            (
                "用英文逗号\",\"分隔,不要用中文逗号.",
                "用英文逗号\",\"分隔，不要用中文逗号。",
            ),
            ("多个用逗号(,)分隔", "多个用逗号(,)分隔"),
            (
                "注意要用英文冒号(:)而不是中文冒号",
                "注意要用英文冒号(:)而不是中文冒号",
            ),
            ("以英文分号“;”结尾", "以英文分号“;”结尾"),
            ("问号「?」表示疑问", "问号「?」表示疑问"),
            // Not the comma between quoted items.
            (
                "关键词包括\"人工智能\",\"大数据\",\"云计算\"等.",
                "关键词包括\"人工智能\"，\"大数据\"，\"云计算\"等。",
            ),
        ]);
    }
}
