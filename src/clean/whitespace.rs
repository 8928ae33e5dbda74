//! Stage `whitespace`: runs of spaces and tabs become one space, lines are trimmed, at most
//! one blank line is kept between paragraphs, and blank lines at both ends are removed.

use crate::align::Editor;

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

pub(crate) fn run(ed: &mut Editor) {
    let text = ed.input();
    let b = text.as_bytes();
    let n = b.len();
    let mut line_start = 0;
    // End of the last line that had content: everything between it and the next content
    // is one separator, rewritten as "\n" or "\n\n".
    let mut last_content_end: Option<usize> = None;
    while line_start <= n {
        let line_end = b[line_start..]
            .iter()
            .position(|&x| x == b'\n')
            .map_or(n, |p| line_start + p);
        let mut a = line_start;
        while a < line_end && is_blank(b[a]) {
            a += 1;
        }
        let mut e = line_end;
        while e > a && is_blank(b[e - 1]) {
            e -= 1;
        }
        if a < e {
            match last_content_end {
                None => ed.delete(0..a),
                Some(p) => {
                    let newlines = b[p..a].iter().filter(|&&x| x == b'\n').count();
                    ed.replace(p..a, if newlines >= 2 { "\n\n" } else { "\n" });
                }
            }
            collapse(ed, b, a, e);
            last_content_end = Some(e);
        }
        line_start = line_end + 1;
    }
    ed.delete(last_content_end.unwrap_or(0)..n);
}

/// Runs of spaces and tabs inside `a..e` become a single space.
fn collapse(ed: &mut Editor, b: &[u8], a: usize, e: usize) {
    let mut j = a;
    while j < e {
        if is_blank(b[j]) {
            let s = j;
            while j < e && is_blank(b[j]) {
                j += 1;
            }
            ed.replace(s..j, " ");
        } else {
            j += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(s: &str) -> String {
        let mut ed = Editor::new(s);
        run(&mut ed);
        ed.finish().map(|(s, _)| s).unwrap_or_else(|| s.to_string())
    }

    #[test]
    fn collapses_and_trims() {
        assert_eq!(ws("  a  \t b \n\n\n\n c\t\n"), "a b\n\nc");
        assert_eq!(ws("a\n \nb"), "a\n\nb");
        assert_eq!(ws("a\nb"), "a\nb");
        assert_eq!(ws(" \n\t\n"), "");
        assert_eq!(ws(""), "");
    }
}
