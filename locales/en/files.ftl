## Deliverable files: sizes, kinds, and why files are refused.

# A size: $int and $dec are the whole part and the tenth; $unit is b, kb, mb or gb.
files-size = { $unit ->
    [b] { $int } { $int ->
        [one] byte
       *[other] bytes
    }
    [kb] { $dec ->
        [0] { $int }
       *[other] { $int }.{ $dec }
    } kB
    [mb] { $dec ->
        [0] { $int }
       *[other] { $int }.{ $dec }
    } MB
   *[gb] { $dec ->
        [0] { $int }
       *[other] { $int }.{ $dec }
    } GB
}

# What a file is, from its content; $kind is FileKind::as_str.
files-kind = { $kind ->
    [pdf] PDF document
    [png] PNG image
    [jpeg] JPEG image
    [gif] GIF image
    [webp] WebP image
    [opendocument] OpenDocument (LibreOffice) document
    [ooxml] Microsoft Office document
    [zip] ZIP archive
    [text] text
    [mp3] MP3 audio
    [mp4] MP4 video
    [ogg] Ogg audio or video
    [executable] program
   *[unknown] unknown type
}

files-too-many = You sent { $count } files: at most { $max } per submission. Group them or pick the most important ones.
files-file-too-big = "{ $file }" is { $size }, over the limit of { $max } per file.
files-submission-too-big = Your files come to { $total } in all, over the limit of { $max } per submission.
files-empty = "{ $file }" is empty: please send it again.
files-executable = "{ $file }" is a program: for everyone's safety, this kind of file is never accepted.
files-kind-not-allowed = "{ $file }" ({ $kind }): this kind of file is not accepted. Accepted kinds: { $allowed }.
files-extension-mismatch = The name of "{ $file }" does not match its content ({ $kind }). Rename it with the right extension ({ $extensions }) or send the right file.
