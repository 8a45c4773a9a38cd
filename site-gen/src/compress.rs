//! Precompressed copies of the output's text files and wasm, for hosts that serve them as they
//! are (nginx `gzip_static`/`brotli_static`, Caddy `precompressed`) and for `serve`: each
//! `page.html` gets a `page.html.br` and a `page.html.gz` beside it.
//!
//! The copies belong to their file: they are written when it is staged, linked, unlinked and
//! swapped in with it (see `write`), so they are made only for the files a build writes (an
//! unchanged page costs nothing) and the manifest's line for a file stands for its copies too
//! ([`siblings`] names them).

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// The encodings written, as file suffixes, in the order a server should prefer them.
pub const ENCODINGS: [(&str, &str); 2] = [("br", ".br"), ("gzip", ".gz")];

/// Kinds of file worth compressing: text and wasm. Images, PDF and office files are
/// compressed already.
const COMPRESSIBLE: &[&str] = &[
    "html", "css", "js", "mjs", "xml", "json", "csv", "svg", "txt", "wasm", "bin",
];

/// Below this, a compressed copy saves less than the headers it costs.
const MIN_SIZE: usize = 256;

/// Whether a file at `path` (output-relative or not) gets compressed copies.
pub fn compressible(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| COMPRESSIBLE.contains(&ext))
}

/// Hashed assets (`assets/x.<hash>.css`, the widget's wasm) change only with the theme or the
/// binary, so they get both copies, compressed hardest, once. Everything else is rebuilt on
/// edits and there are tens of thousands of them: Brotli cost some 2 ms of CPU a page at any
/// level that beats gzip (4 times the build at province scale), gzip 6 some 0.3 ms for nearly
/// the same size (28% against 26% of a page), so pages get the gzip copy only; hosts fall
/// back to it (`brotli_static` then `gzip_static`, Caddy's `precompressed br gzip`).
fn levels(path: &str) -> (Option<u32>, u32) {
    if crate::routes::asset_name(path).is_some() {
        (Some(11), 9)
    } else {
        (None, 6)
    }
}

/// `file` with `suffix` appended to its name.
fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The compressed copies that stand beside `file`, whether or not they exist.
pub fn siblings(file: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    ENCODINGS.iter().map(move |(_, s)| with_suffix(file, s))
}

/// Writes the compressed copies of `bytes`, the content of output file `path`, beside
/// `staged`. A file too small or that does not compress gets none.
pub fn write_siblings(staged: &Path, path: &str, bytes: &[u8]) -> io::Result<()> {
    if !compressible(path) || bytes.len() < MIN_SIZE {
        return Ok(());
    }
    let (br_level, gz_level) = levels(path);
    let gz = gzip_bytes(bytes, gz_level)?;
    if gz.len() >= bytes.len() {
        return Ok(());
    }
    if let Some(level) = br_level {
        fs::write(with_suffix(staged, ".br"), brotli_bytes(bytes, level)?)?;
    }
    fs::write(with_suffix(staged, ".gz"), gz)
}

/// Like [`write_siblings`] for a file written to disk in a stream (the site's search index,
/// too large to hold in memory): it is read back in a stream.
pub fn write_siblings_of_file(staged: &Path, path: &str) -> io::Result<()> {
    let len = fs::metadata(staged)?.len();
    if !compressible(path) || len < MIN_SIZE as u64 {
        return Ok(());
    }
    let (br_level, gz_level) = levels(path);
    let Some(br_level) = br_level else {
        return gzip_file(staged, gz_level);
    };
    let params = brotli::enc::BrotliEncoderParams {
        quality: br_level as i32,
        size_hint: len as usize,
        ..Default::default()
    };
    let br_path = with_suffix(staged, ".br");
    let mut br = io::BufWriter::new(fs::File::create(&br_path)?);
    brotli::BrotliCompress(
        &mut io::BufReader::new(fs::File::open(staged)?),
        &mut br,
        &params,
    )?;
    br.flush()?;
    drop(br);
    if fs::metadata(&br_path)?.len() >= len {
        return fs::remove_file(br_path);
    }
    gzip_file(staged, gz_level)
}

/// The gzip copy of a file on disk, in a stream.
fn gzip_file(staged: &Path, level: u32) -> io::Result<()> {
    let gz = fs::File::create(with_suffix(staged, ".gz"))?;
    let mut enc =
        flate2::write::GzEncoder::new(io::BufWriter::new(gz), flate2::Compression::new(level));
    io::copy(&mut io::BufReader::new(fs::File::open(staged)?), &mut enc)?;
    enc.finish()?.flush()
}

pub fn brotli_bytes(bytes: &[u8], quality: u32) -> io::Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: quality as i32,
        // A window no larger than the file (but not below 2^18: smaller ones were slower in
        // measurement): the same output for a page, and a quarter less time than 2^22.
        lgwin: (usize::BITS - bytes.len().leading_zeros()).clamp(18, 22) as i32,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 4);
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

pub fn gzip_bytes(bytes: &[u8], level: u32) -> io::Result<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        flate2::Compression::new(level),
    );
    enc.write_all(bytes)?;
    enc.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    #[test]
    fn copies_decompress_to_the_file() {
        let dir = std::env::temp_dir().join(format!("motcua-compress-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let staged = dir.join("7");
        let page = "<p>Thủ tục đăng ký khai sinh</p>\n".repeat(50);
        fs::write(&staged, &page).unwrap();
        write_siblings(&staged, "assets/style.0123abcd.css", page.as_bytes()).unwrap();
        let mut br = Vec::new();
        brotli::BrotliDecompress(&mut fs::File::open(dir.join("7.br")).unwrap(), &mut br).unwrap();
        assert_eq!(br, page.as_bytes());
        let mut gz = String::new();
        flate2::read::GzDecoder::new(fs::File::open(dir.join("7.gz")).unwrap())
            .read_to_string(&mut gz)
            .unwrap();
        assert_eq!(gz, page);
        // The streamed variant makes the same copies.
        fs::remove_file(dir.join("7.br")).unwrap();
        write_siblings_of_file(&staged, "assets/motcua-widget.0123abcd.wasm").unwrap();
        assert!(dir.join("7.br").is_file());
        // A page gets the gzip copy only.
        fs::remove_file(dir.join("7.br")).unwrap();
        fs::remove_file(dir.join("7.gz")).unwrap();
        write_siblings(&staged, "a/index.html", page.as_bytes()).unwrap();
        assert!(dir.join("7.gz").is_file() && !dir.join("7.br").exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn only_text_and_wasm_worth_it() {
        assert!(compressible("a/index.html"));
        assert!(compressible("assets/motcua-widget_bg.1234.wasm"));
        assert!(!compressible("forms/mau.pdf"));
        assert!(!compressible("assets/logo.png"));
        let dir = std::env::temp_dir().join(format!("motcua-small-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        write_siblings(&dir.join("1"), "robots.txt", b"User-agent: *\n").unwrap();
        assert!(!dir.join("1.br").exists(), "too small to be worth a copy");
        fs::remove_dir_all(&dir).unwrap();
    }
}
