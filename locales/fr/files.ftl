## Deliverable files: sizes, kinds, and why files are refused.

# A size: $int and $dec are the whole part and the tenth; $unit is b, kb, mb or gb.
files-size = { $unit ->
    [b] { $int } { $int ->
        [one] octet
       *[other] octets
    }
    [kb] { $dec ->
        [0] { $int }
       *[other] { $int },{ $dec }
    } Ko
    [mb] { $dec ->
        [0] { $int }
       *[other] { $int },{ $dec }
    } Mo
   *[gb] { $dec ->
        [0] { $int }
       *[other] { $int },{ $dec }
    } Go
}

# What a file is, from its content; $kind is FileKind::as_str.
files-kind = { $kind ->
    [pdf] document PDF
    [png] image PNG
    [jpeg] image JPEG
    [gif] image GIF
    [webp] image WebP
    [opendocument] document OpenDocument (LibreOffice)
    [ooxml] document Microsoft Office
    [zip] archive ZIP
    [text] texte
    [mp3] son MP3
    [mp4] vidéo MP4
    [ogg] son ou vidéo Ogg
    [executable] programme
   *[unknown] type inconnu
}

files-too-many = Vous avez envoyé { $count } fichiers : c'est { $max } au plus par rendu. Regroupez-les ou choisissez les plus importants.
files-file-too-big = « { $file } » fait { $size } : c'est plus que la limite de { $max } par fichier.
files-submission-too-big = Vos fichiers font { $total } en tout : c'est plus que la limite de { $max } par rendu.
files-empty = « { $file } » est vide : envoyez-le de nouveau.
files-executable = « { $file } » est un programme : pour la sécurité de tous, ce type de fichier n'est jamais accepté.
files-kind-not-allowed = « { $file } » ({ $kind }) : ce type de fichier n'est pas accepté. Types acceptés : { $allowed }.
files-extension-mismatch = Le nom de « { $file } » ne correspond pas à son contenu ({ $kind }). Renommez-le avec la bonne extension ({ $extensions }) ou envoyez le bon fichier.
