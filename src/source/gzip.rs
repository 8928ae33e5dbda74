//! gzip input read as `gzip -d` reads it: members one after another, and NUL padding after
//! the last (tape and block devices pad so) is no error. Other bytes after the stream are
//! one that says where they start, and so is a stream cut short.

use std::io::{self, BufRead, Read};

use flate2::bufread::GzDecoder;

/// The decompressed bytes of a gzip stream of one or more members.
pub(crate) struct Members<R: BufRead> {
    member: Option<GzDecoder<Counted<R>>>,
}

impl<R: BufRead> Members<R> {
    pub(crate) fn new(input: R) -> Self {
        Members {
            member: Some(GzDecoder::new(Counted::new(input))),
        }
    }
}

impl<R: BufRead> Read for Members<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let Some(member) = self.member.as_mut() else {
                return Ok(0);
            };
            let n = member.read(buf).map_err(|e| {
                let at = member.get_ref().at;
                io::Error::new(e.kind(), format!("gzip data, byte {at}: {e}"))
            })?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            // The member ended: another follows, or padding, or nothing.
            let input = member.get_mut();
            let rest = input.fill_buf()?;
            if rest.starts_with(&[0x1F, 0x8B]) {
                let input = self.member.take().map(GzDecoder::into_inner);
                self.member = input.map(GzDecoder::new);
                continue;
            }
            let at = input.at;
            if !input.skip_zeros()? {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("gzip data, byte {at}: trailing data after the compressed stream"),
                ));
            }
            self.member = None;
        }
    }
}

/// A reader that counts the bytes taken from it: where in the compressed data an error is.
pub(crate) struct Counted<R> {
    input: R,
    at: u64,
}

impl<R> Counted<R> {
    pub(crate) fn new(input: R) -> Self {
        Counted { input, at: 0 }
    }
}

impl<R: BufRead> Counted<R> {
    /// How many bytes were taken.
    pub(crate) fn at(&self) -> u64 {
        self.at
    }

    /// Reads to the end over NUL bytes only: whether there was nothing else.
    fn skip_zeros(&mut self) -> io::Result<bool> {
        loop {
            let rest = self.input.fill_buf()?;
            if rest.is_empty() {
                return Ok(true);
            }
            if rest.iter().any(|&x| x != 0) {
                return Ok(false);
            }
            let n = rest.len();
            self.consume(n);
        }
    }
}

impl<R: BufRead> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.input.read(buf)?;
        self.at += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.input.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.input.consume(n);
        self.at += n as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::GzEncoder;
    use std::io::Write;

    fn gzip(text: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(text).unwrap();
        e.finish().unwrap()
    }

    fn read(data: &[u8]) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        Members::new(data).read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn members_padding_and_trailing_data() {
        let one = gzip("中文 text\n".as_bytes());
        let two = [one.clone(), gzip(b"more\n")].concat();
        assert_eq!(read(&one).unwrap(), "中文 text\n".as_bytes());
        assert_eq!(read(&two).unwrap(), "中文 text\nmore\n".as_bytes());
        // NUL padding after the last member, as `gzip -d` reads it.
        let padded = [two.clone(), vec![0; 4096]].concat();
        assert_eq!(read(&padded).unwrap(), "中文 text\nmore\n".as_bytes());
        // Other bytes after it: an error that says where they start.
        let garbage = [two.clone(), b"GARBAGE".to_vec()].concat();
        let e = read(&garbage).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "gzip data, byte {}: trailing data after the compressed stream",
                two.len()
            )
        );
        let late = [padded.clone(), b"x".to_vec()].concat();
        assert!(read(&late).is_err());
        // A stream cut short says so, with where reading stopped.
        let cut = &one[..one.len() - 6];
        let e = read(cut).unwrap_err().to_string();
        assert!(e.starts_with("gzip data, byte "), "{e}");
        assert!(read(&[]).is_err());
    }
}
