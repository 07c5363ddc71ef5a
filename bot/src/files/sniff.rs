//! What a file really is, from its bytes rather than from its name.
//!
//! Participants name files however they like, and a chat platform's declared MIME type is the
//! sender's word; only the content can be trusted. [`sniff`] reads magic numbers (and, for zip
//! based formats, the archive's directory), and [`extension_matches`] catches a name that lies
//! about the content, such as an executable called `rapport.pdf`.

use std::io::Cursor;

use super::name::sanitize_file_name;

/// The kinds of file the bot can tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// A PDF document.
    Pdf,
    /// A PNG image.
    Png,
    /// A JPEG image.
    Jpeg,
    /// A GIF image.
    Gif,
    /// A WebP image.
    Webp,
    /// An OpenDocument file (LibreOffice: `.odt`, `.ods`, `.odp`…).
    OpenDocument,
    /// An Office Open XML file (Microsoft Office: `.docx`, `.xlsx`, `.pptx`).
    OfficeOpenXml,
    /// Any other zip archive.
    Zip,
    /// Text: valid UTF-8, or legacy 8-bit text, without NUL or control bytes.
    PlainText,
    /// MP3 audio.
    Mp3,
    /// MP4 / QuickTime audio or video.
    Mp4,
    /// Ogg audio or video.
    Ogg,
    /// A program: ELF, PE/MZ, Mach-O, or a `#!` script. Never accepted.
    Executable,
    /// None of the above.
    Unknown,
}

impl FileKind {
    /// Every kind, in declaration order.
    pub const ALL: [FileKind; 14] = [
        FileKind::Pdf,
        FileKind::Png,
        FileKind::Jpeg,
        FileKind::Gif,
        FileKind::Webp,
        FileKind::OpenDocument,
        FileKind::OfficeOpenXml,
        FileKind::Zip,
        FileKind::PlainText,
        FileKind::Mp3,
        FileKind::Mp4,
        FileKind::Ogg,
        FileKind::Executable,
        FileKind::Unknown,
    ];

    /// A stable lowercase name, fit for storage and for Fluent selectors.
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Png => "png",
            FileKind::Jpeg => "jpeg",
            FileKind::Gif => "gif",
            FileKind::Webp => "webp",
            FileKind::OpenDocument => "opendocument",
            FileKind::OfficeOpenXml => "ooxml",
            FileKind::Zip => "zip",
            FileKind::PlainText => "text",
            FileKind::Mp3 => "mp3",
            FileKind::Mp4 => "mp4",
            FileKind::Ogg => "ogg",
            FileKind::Executable => "executable",
            FileKind::Unknown => "unknown",
        }
    }

    /// The kind whose [`as_str`](Self::as_str) is `s`.
    pub fn parse(s: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// A MIME type for the kind. Families that span several types (OpenDocument, Office Open
    /// XML) get a generic one; [`mime_for_name`](Self::mime_for_name) is more precise.
    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Gif => "image/gif",
            FileKind::Webp => "image/webp",
            FileKind::Zip => "application/zip",
            FileKind::PlainText => "text/plain",
            FileKind::Mp3 => "audio/mpeg",
            FileKind::Mp4 => "video/mp4",
            FileKind::Ogg => "application/ogg",
            FileKind::OpenDocument
            | FileKind::OfficeOpenXml
            | FileKind::Executable
            | FileKind::Unknown => "application/octet-stream",
        }
    }

    /// The MIME type of a file of this kind called `file_name`: the extension picks the member
    /// of a family (`.xlsx` → spreadsheet), but only when it agrees with the kind, so a lying
    /// name never gets a more trusted type.
    pub fn mime_for_name(self, file_name: &str) -> &'static str {
        if !extension_matches(self, file_name) {
            return self.mime();
        }
        let ext = extension(file_name).unwrap_or_default();
        match (self, ext.as_str()) {
            (FileKind::OpenDocument, "odt") => "application/vnd.oasis.opendocument.text",
            (FileKind::OpenDocument, "ods") => "application/vnd.oasis.opendocument.spreadsheet",
            (FileKind::OpenDocument, "odp") => "application/vnd.oasis.opendocument.presentation",
            (FileKind::OpenDocument, "odg") => "application/vnd.oasis.opendocument.graphics",
            (FileKind::OfficeOpenXml, "docx") => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            (FileKind::OfficeOpenXml, "xlsx") => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            (FileKind::OfficeOpenXml, "pptx") => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            (FileKind::PlainText, "md" | "markdown") => "text/markdown",
            (FileKind::PlainText, "csv") => "text/csv",
            (FileKind::PlainText, "tsv") => "text/tab-separated-values",
            (FileKind::Mp4, "m4a") => "audio/mp4",
            (FileKind::Mp4, "mov") => "video/quicktime",
            (FileKind::Ogg, "oga" | "opus") => "audio/ogg",
            (FileKind::Ogg, "ogv") => "video/ogg",
            _ => self.mime(),
        }
    }

    /// The file name extensions (lowercase, without the dot) a file of this kind may carry.
    /// Deliberately short: text formats a browser or a shell would run (`.html`, `.svg`, `.bat`,
    /// `.ps1`) and macro-enabled Office files (`.docm`) are not listed, so they never match.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Pdf => &["pdf"],
            FileKind::Png => &["png"],
            FileKind::Jpeg => &["jpg", "jpeg"],
            FileKind::Gif => &["gif"],
            FileKind::Webp => &["webp"],
            FileKind::OpenDocument => &["odt", "ods", "odp", "odg", "ott", "ots", "otp"],
            FileKind::OfficeOpenXml => &["docx", "xlsx", "pptx"],
            FileKind::Zip => &["zip"],
            FileKind::PlainText => &["txt", "text", "md", "markdown", "csv", "tsv"],
            FileKind::Mp3 => &["mp3"],
            FileKind::Mp4 => &["mp4", "m4a", "m4v", "mov"],
            FileKind::Ogg => &["ogg", "oga", "ogv", "opus"],
            FileKind::Executable | FileKind::Unknown => &[],
        }
    }

    /// Whether the content is already compressed, so deflating it again would waste time.
    pub fn is_compressed(self) -> bool {
        matches!(
            self,
            FileKind::Png
                | FileKind::Jpeg
                | FileKind::Gif
                | FileKind::Webp
                | FileKind::OpenDocument
                | FileKind::OfficeOpenXml
                | FileKind::Zip
                | FileKind::Mp3
                | FileKind::Mp4
                | FileKind::Ogg
        )
    }
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The lowercase extension of `file_name` once sanitized, as it will be saved: `rapport.exe.`
/// or `rapport.exe\u{200b}` end in `.exe` on disk, and `.htaccess` has none.
fn extension(file_name: &str) -> Option<String> {
    let base = sanitize_file_name(file_name);
    let (stem, ext) = base.rsplit_once('.')?;
    if stem.is_empty() || ext.is_empty() {
        return None;
    }
    Some(ext.to_lowercase())
}

/// Whether `file_name` is a fair name for content of `kind`.
///
/// A name without an extension is accepted for any acceptable kind: it cannot make a desktop
/// open the file with the wrong program. Executables and unknown content never match.
pub fn extension_matches(kind: FileKind, file_name: &str) -> bool {
    if matches!(kind, FileKind::Executable | FileKind::Unknown) {
        return false;
    }
    match extension(file_name) {
        None => true,
        Some(ext) => kind.extensions().contains(&ext.as_str()),
    }
}

/// What `bytes` are, from their content alone.
///
/// Works on a prefix too (the first few KiB), except that zip based formats then read as
/// [`FileKind::Zip`] and text may be cut inside a character; give the whole file when the answer
/// decides whether it is accepted.
pub fn sniff(bytes: &[u8]) -> FileKind {
    if bytes.is_empty() {
        return FileKind::Unknown;
    }
    // Programs first: whatever else a file pretends to be, these must never pass.
    if is_executable(bytes) {
        return FileKind::Executable;
    }
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(b"\x89PNG\r\n\x1a\n") {
        return FileKind::Png;
    }
    if starts(b"\xff\xd8\xff") {
        return FileKind::Jpeg;
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return FileKind::Gif;
    }
    if bytes.len() >= 12 && starts(b"RIFF") && &bytes[8..12] == b"WEBP" {
        return FileKind::Webp;
    }
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        return sniff_zip(bytes);
    }
    if starts(b"OggS") {
        return FileKind::Ogg;
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return sniff_ftyp(&bytes[8..12]);
    }
    if is_mp3(bytes) {
        return FileKind::Mp3;
    }
    // Readers accept a PDF header anywhere in the first KiB, so junk before it is common.
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return FileKind::Pdf;
    }
    if is_text(bytes) {
        return FileKind::PlainText;
    }
    FileKind::Unknown
}

fn is_executable(bytes: &[u8]) -> bool {
    const MACH_O: [&[u8]; 5] = [
        b"\xfe\xed\xfa\xce",
        b"\xfe\xed\xfa\xcf",
        b"\xce\xfa\xed\xfe",
        b"\xcf\xfa\xed\xfe",
        // Universal binaries; Java class files share the magic, and are programs too.
        b"\xca\xfe\xba\xbe",
    ];
    if bytes.starts_with(b"\x7fELF") || bytes.starts_with(b"#!") {
        return true;
    }
    if MACH_O.iter().any(|m| bytes.starts_with(m)) {
        return true;
    }
    // A DOS/PE header is full of NUL bytes; this keeps a text that happens to start with "MZ"
    // from being called a program.
    bytes.starts_with(b"MZ") && !is_text(bytes)
}

/// An MPEG audio Layer III stream: an ID3 tag, or a frame sync with a valid version and layer.
fn is_mp3(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"ID3") {
        return true;
    }
    match bytes {
        [0xff, b1, ..] => {
            let sync = b1 & 0xe0 == 0xe0;
            let version_ok = (b1 >> 3) & 0b11 != 0b01;
            let layer_three = (b1 >> 1) & 0b11 == 0b01;
            sync && version_ok && layer_three
        }
        _ => false,
    }
}

/// ISO base media files: MP4 and QuickTime are accepted; HEIF/AVIF images share the container
/// but are not videos, so they stay unknown rather than being mislabelled.
fn sniff_ftyp(brand: &[u8]) -> FileKind {
    const IMAGE_BRANDS: [&[u8]; 8] = [
        b"heic", b"heix", b"heim", b"heis", b"hevc", b"mif1", b"msf1", b"avif",
    ];
    if IMAGE_BRANDS.contains(&brand) {
        FileKind::Unknown
    } else {
        FileKind::Mp4
    }
}

/// Text without NUL or control bytes other than tab, newlines and form feed. Valid UTF-8 is
/// text; so is 8-bit text that is not UTF-8, because spreadsheets still export Windows-1252
/// CSV files and refusing them would only puzzle their authors.
fn is_text(bytes: &[u8]) -> bool {
    let controls_ok = bytes
        .iter()
        .all(|&b| (b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) && b != 0x7f);
    if !controls_ok {
        return false;
    }
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        // A prefix may end inside a character: that is still UTF-8 text.
        Err(e) if e.error_len().is_none() => true,
        // Not UTF-8: accept 8-bit text only if it has no C1 control bytes unused by Windows-1252.
        Err(_) => bytes
            .iter()
            .all(|&b| !matches!(b, 0x81 | 0x8d | 0x8f | 0x90 | 0x9d)),
    }
}

fn sniff_zip(bytes: &[u8]) -> FileKind {
    if first_entry_is_opendocument(bytes) {
        return FileKind::OpenDocument;
    }
    // The central directory lists every entry wherever it is in the archive; Word writes
    // `[Content_Types].xml` first, but other tools do not.
    let listed = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(archive) => archive
            .file_names_raw()
            .any(|n| n == b"[Content_Types].xml"),
        Err(_) => first_entry_name(bytes) == Some(b"[Content_Types].xml".as_slice()),
    };
    if listed {
        FileKind::OfficeOpenXml
    } else {
        FileKind::Zip
    }
}

/// The name of the first entry, from the zip local file header at offset 0.
fn first_entry_name(bytes: &[u8]) -> Option<&[u8]> {
    let name_len = u16::from_le_bytes([*bytes.get(26)?, *bytes.get(27)?]) as usize;
    bytes.get(30..30 + name_len)
}

/// ODF requires a first entry named `mimetype`, stored uncompressed, holding the media type:
/// that is what distinguishes an OpenDocument file from any zip.
fn first_entry_is_opendocument(bytes: &[u8]) -> bool {
    let header = |at: usize| -> Option<u16> {
        Some(u16::from_le_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]))
    };
    let (Some(method), Some(name_len), Some(extra_len)) = (header(8), header(26), header(28))
    else {
        return false;
    };
    if method != 0 || first_entry_name(bytes) != Some(b"mimetype".as_slice()) {
        return false;
    }
    let data = 30 + name_len as usize + extra_len as usize;
    let prefix = b"application/vnd.oasis.opendocument.";
    bytes
        .get(data..data + prefix.len())
        .is_some_and(|d| d == prefix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_with(names: &[&str], stored_first: Option<(&str, &[u8])>) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        if let Some((name, data)) = stored_first {
            w.start_file(name, stored).unwrap();
            w.write_all(data).unwrap();
        }
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for n in names {
            w.start_file(*n, deflated).unwrap();
            w.write_all(b"<xml/>").unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn magic_numbers() {
        let cases: &[(&[u8], FileKind)] = &[
            (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", FileKind::Pdf),
            (b"\n\n%PDF-1.4\n", FileKind::Pdf),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", FileKind::Png),
            (b"\xff\xd8\xff\xe0\0\x10JFIF\0", FileKind::Jpeg),
            (b"GIF89a\x01\0\x01\0", FileKind::Gif),
            (b"RIFF\x24\0\0\0WEBPVP8 ", FileKind::Webp),
            (b"OggS\0\x02\0\0", FileKind::Ogg),
            (b"ID3\x04\0\0\0\0\0\0", FileKind::Mp3),
            (b"\xff\xfb\x90\x64\0\0", FileKind::Mp3),
            (b"\0\0\0\x20ftypisom\0\0\x02\0", FileKind::Mp4),
            (b"\0\0\0\x14ftypqt  \0\0\0\0", FileKind::Mp4),
            (b"\0\0\0\x18ftypheic\0\0\0\0", FileKind::Unknown),
            (b"\x7fELF\x02\x01\x01\0", FileKind::Executable),
            (b"MZ\x90\0\x03\0\0\0\x04\0", FileKind::Executable),
            (b"\xcf\xfa\xed\xfe\x07\0\0\x01", FileKind::Executable),
            (b"#!/bin/sh\nrm -rf ~\n", FileKind::Executable),
            (b"MZ is a nice band.\n", FileKind::PlainText),
            (
                "Compte rendu : très bien 👍\n".as_bytes(),
                FileKind::PlainText,
            ),
            (
                b"nom;ville\nh\xe9l\xe8ne;Orl\xe9ans\r\n",
                FileKind::PlainText,
            ),
            (b"a,b\0c", FileKind::Unknown),
            (b"\x01\x02\x03\x04", FileKind::Unknown),
            (b"", FileKind::Unknown),
            // ADTS AAC has a frame sync too, but it is not Layer III.
            (b"\xff\xf1\x50\x80\0\x1f\xfc", FileKind::Unknown),
        ];
        for (bytes, expected) in cases {
            assert_eq!(sniff(bytes), *expected, "{bytes:?}");
        }
    }

    #[test]
    fn zip_families() {
        let odt = zip_with(
            &["content.xml", "META-INF/manifest.xml"],
            Some(("mimetype", b"application/vnd.oasis.opendocument.text")),
        );
        assert_eq!(sniff(&odt), FileKind::OpenDocument);

        let docx = zip_with(&["[Content_Types].xml", "word/document.xml"], None);
        assert_eq!(sniff(&docx), FileKind::OfficeOpenXml);

        // Not first: only the central directory finds it.
        let xlsx = zip_with(&["xl/workbook.xml", "[Content_Types].xml"], None);
        assert_eq!(sniff(&xlsx), FileKind::OfficeOpenXml);

        let plain = zip_with(&["a.txt", "b.txt"], None);
        assert_eq!(sniff(&plain), FileKind::Zip);

        // `mimetype` with some other type is just a zip.
        let epub = zip_with(&["x.xhtml"], Some(("mimetype", b"application/epub+zip")));
        assert_eq!(sniff(&epub), FileKind::Zip);

        // A truncated archive still sniffs from its first local header.
        assert_eq!(sniff(&docx[..60]), FileKind::OfficeOpenXml);
        assert_eq!(sniff(&odt[..80]), FileKind::OpenDocument);
    }

    #[test]
    fn names_must_agree_with_content() {
        let cases = [
            (FileKind::Pdf, "rapport.pdf", true),
            (FileKind::Pdf, "RAPPORT.PDF", true),
            (FileKind::Pdf, "rapport", true),
            (FileKind::Executable, "rapport.pdf", false),
            (FileKind::Executable, "rapport", false),
            (FileKind::Unknown, "données.bin", false),
            (FileKind::Jpeg, "photo.jpg", true),
            (FileKind::Jpeg, "photo.png", false),
            (FileKind::OfficeOpenXml, "notes.docx", true),
            (FileKind::OfficeOpenXml, "notes.docm", false),
            (FileKind::OpenDocument, "notes.odt", true),
            (FileKind::PlainText, "notes.md", true),
            (FileKind::PlainText, "page.html", false),
            (FileKind::PlainText, "install.bat", false),
            (FileKind::PlainText, ".htaccess", true),
            (FileKind::Mp4, "video.MOV", true),
            (FileKind::Zip, "dossier.zip", true),
            (FileKind::Pdf, "rapport.exe.", false),
            (FileKind::Pdf, "rapport.exe ", false),
            (FileKind::Pdf, "rapport.pdf\u{200b}", true),
            (FileKind::Pdf, "dossier.pdf/rapport", true),
        ];
        for (kind, name, expected) in cases {
            assert_eq!(extension_matches(kind, name), expected, "{kind} {name}");
        }
    }

    #[test]
    fn names_and_mime_types() {
        for kind in FileKind::ALL {
            assert_eq!(FileKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(
            FileKind::OfficeOpenXml.mime_for_name("budget.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(
            FileKind::OfficeOpenXml.mime_for_name("budget.pdf"),
            "application/octet-stream"
        );
        assert_eq!(FileKind::PlainText.mime_for_name("a.csv"), "text/csv");
    }
}
