//! zstd input: an error of the decoder says how far into the compressed data it was
//! found, as gzip's do.

use std::io::{self, BufRead, Read};

use super::gzip::Counted;

/// The decompressed bytes of a zstd stream.
pub(crate) struct Zstd<R: BufRead> {
    decoder: zstd::Decoder<'static, Counted<R>>,
}

impl<R: BufRead> Zstd<R> {
    pub(crate) fn new(input: R) -> io::Result<Self> {
        Ok(Zstd {
            decoder: zstd::Decoder::with_buffer(Counted::new(input))?,
        })
    }
}

impl<R: BufRead> Read for Zstd<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.decoder.read(buf).map_err(|e| {
            let at = self.decoder.get_ref().at();
            io::Error::new(e.kind(), format!("zstd data, after byte {at}: {e}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_say_where() {
        let text = "中文 text\n".repeat(10_000);
        let data = zstd::encode_all(text.as_bytes(), 3).unwrap();
        let mut out = Vec::new();
        Zstd::new(&data[..]).unwrap().read_to_end(&mut out).unwrap();
        assert_eq!(out, text.as_bytes());
        // Cut short: the error names the byte reached.
        let cut = &data[..data.len() / 2];
        let e = Zstd::new(cut)
            .unwrap()
            .read_to_end(&mut Vec::new())
            .unwrap_err();
        assert!(e.to_string().starts_with("zstd data, after byte "), "{e}");
    }
}
