//! Fenced code blocks (Markdown's ```` ``` ```` and `~~~`), whose lines cleaning leaves as
//! they are: indentation, runs of spaces and punctuation are the code's own.

use std::ops::Range;

/// The lines inside the fenced code blocks of `text` (without the fence lines), as one byte
/// range per block, in order. A fence is a line of at least three backticks or tildes,
/// indented by at most three spaces; the block ends at a line of at least as many of the
/// same character and nothing else, or at the end of the text, as CommonMark has it.
///
/// ~~~text
/// 示例：          <- cleaned
/// ```python       <- cleaned (a fence line)
///     x  =  1     <- left as it is
/// ```             <- cleaned
/// ~~~
pub(crate) fn blocks(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    // Most texts have no fence character at all.
    let Some(first) = memchr::memchr2(b'`', b'~', b) else {
        return out;
    };
    let mut start = b[..first]
        .iter()
        .rposition(|&x| x == b'\n')
        .map_or(0, |p| p + 1);
    let mut open: Option<(u8, usize, usize)> = None; // (char, length, content start)
    while start <= b.len() {
        let end = memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |p| start + p);
        let line = &text[start..end];
        match (open, fence(line)) {
            (None, Some((c, n, _))) => open = Some((c, n, end + 1)),
            (Some((c, n, from)), Some((d, m, true))) if d == c && m >= n => {
                // Up to the line break before the closing fence.
                out.push(from..start.saturating_sub(1).max(from));
                open = None;
            }
            _ => {}
        }
        if end == b.len() {
            break;
        }
        start = end + 1;
        if open.is_none() {
            // Straight to the next line holding a fence character.
            match memchr::memchr2(b'`', b'~', &b[start..]) {
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
    if let Some((_, _, from)) = open
        && from <= b.len()
    {
        out.push(from..b.len());
    }
    out
}

/// A fence line: its character, how many, and whether it could close a block (nothing
/// after the run but spaces and tabs). A backtick fence's info string holds no backtick.
fn fence(line: &str) -> Option<(u8, usize, bool)> {
    let body = line.trim_start_matches(' ');
    if line.len() - body.len() > 3 {
        return None;
    }
    let c = *body.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = body.bytes().take_while(|&x| x == c).count();
    let rest = &body[n..];
    if n < 3 || (c == b'`' && rest.contains('`')) {
        return None;
    }
    Some((c, n, rest.trim_matches([' ', '\t', '\r']).is_empty()))
}

/// Whether a line starting at byte `p` is inside one of `blocks` (sorted, as [`blocks`]
/// gives them; a blank last line starts at the end of its block's range).
pub(crate) fn covers(blocks: &[Range<usize>], p: usize) -> bool {
    let k = blocks.partition_point(|r| r.end < p);
    blocks
        .get(k)
        .is_some_and(|r| r.start <= p && p <= r.end && r.start < r.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside(text: &str) -> Vec<&str> {
        blocks(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn backtick_and_tilde_fences() {
        assert_eq!(
            inside("说明：\n```python\ndef f():\n    return  1\n```\n之后"),
            ["def f():\n    return  1"]
        );
        assert_eq!(inside("~~~\na ,b\n~~~~\nx"), ["a ,b"]);
        // A closing fence is at least as long as the opening one, of the same character.
        assert_eq!(inside("````\n```\n~~~\nx\n````"), ["```\n~~~\nx"]);
        // Two blocks; an empty one.
        assert_eq!(inside("```\na\n```\n中文\n```\n```"), ["a", ""]);
    }

    #[test]
    fn not_fences() {
        // Inline code, a backtick in the info string, too much indentation, too short.
        assert!(blocks("用 ```code``` 行内").is_empty());
        assert!(inside("``` a`b\nx\n```").is_empty());
        assert!(inside("    ```\nx\n```").is_empty());
        assert!(blocks("``\nx\n``").is_empty());
        assert!(blocks("没有代码").is_empty());
        // A fence line with text after it does not close the block.
        assert_eq!(inside("```\nx\n``` y\n```"), ["x\n``` y"]);
    }

    #[test]
    fn unclosed_block_runs_to_the_end() {
        assert_eq!(inside("前言\n```\nx  =  1\n  y"), ["x  =  1\n  y"]);
        assert_eq!(inside("```"), Vec::<&str>::new());
        let b = blocks("```\n");
        assert!(b.iter().all(|r| r.is_empty()), "{b:?}");
    }

    #[test]
    fn covers_positions_of_block_lines() {
        let text = "a\n```\nxy\n```\nb";
        let b = blocks(text);
        let p = text.find("xy").unwrap();
        assert!(covers(&b, p) && covers(&b, p + 2));
        assert!(!covers(&b, 0) && !covers(&b, text.len() - 1));
    }
}
