# Un compte sur chaque plateforme, une seule personne.

cmd-link-account-usage = !lier-compte [CODE]
cmd-link-account-summary = relier votre compte Matrix et votre compte Discord : demandez un code ici, puis tapez !lier-compte CODE en message privé sur l'autre plateforme

link-account-code =
    🔗 Votre code : **{ $code }** (valable { $minutes } minutes, une seule fois).
    Sur l'autre plateforme (Matrix ou Discord), écrivez-moi en message privé : !lier-compte { $code }
    Vos deux comptes ne feront alors plus qu'un : livrables, votes, présences et rappels réunis, un seul message privé à chaque fois. Ne donnez ce code à personne.
link-account-in-room = Ce code a été écrit là où tout le monde peut le lire : il ne vaut plus rien. Demandez-en un autre (!lier-compte) et tapez-le en message privé.
link-account-bad-code = Ce code ne me dit rien, ou il a expiré (il vaut 10 minutes, une seule fois). Demandez-en un nouveau avec !lier-compte sur votre premier compte.
link-account-same-platform = Ce code a été demandé depuis cette même plateforme : tapez-le en message privé depuis votre compte sur l'autre plateforme.
link-account-unknown = Je ne vous connais dans aucune cohorte : écrivez d'abord dans le salon de votre cohorte, puis demandez le code.
link-account-done =
    🔗 C'est fait : ce compte est relié à votre compte { $other ->
        [matrix] Matrix
        [discord] Discord
       *[other] { $other }
    } ({ $cohorts ->
        [one] une cohorte
       *[other] { $cohorts } cohortes
    }{ $merged ->
        [0] {""}
       *[other] , données réunies
    }).
    Je vous écris désormais en privé là où vous m'avez écrit en dernier, une seule fois.
