# Petits groupes pour les exercices, et le profil sur lequel ils s'équilibrent.

cmd-groups-usage = !groupes [N] | !groupes N --taille 4 [--hasard] | !groupes N --nombre 5 | !groupes N confirmer
cmd-groups-summary = les petits groupes de l'atelier N ; animateur·rices : en former (un brouillon, équilibré sur les profils, jamais deux personnes de la même structure quand c'est évitable), puis les confirmer
cmd-group-move-usage = !groupe [N] deplacer @membre G
cmd-group-move-summary = animateur·rices : mettre une personne dans le groupe G (de l'atelier N, ou des derniers groupes formés)
cmd-profile-usage = !profil [structure "Nom de la structure"] [type asso|collectivité|ESS|autre]
cmd-profile-summary = dire d'où vous venez : votre structure et son type, pour des groupes variés

profile-bad-kind = Je ne connais pas le type « { $word } » : écrivez asso, collectivité, ESS ou autre.
profile-shown = Votre profil : structure { $structure }, type { $kind ->
        [asso] association
        [collectivite] collectivité
        [ess] ESS
        [autre] autre
       *[none] non renseigné
    }. Pour le changer : !profil structure "Nom" type asso|collectivité|ESS|autre
groups-none-yet = Aucun groupe n'a encore été formé dans cette cohorte.
groups-none = Pas de groupes pour l'atelier { $number } pour l'instant.
groups-already-confirmed = Les groupes de l'atelier { $number } sont déjà confirmés et annoncés : déplacez une personne avec !groupe { $number } deplacer @membre G.
groups-nobody = Aucun·e participant·e à répartir pour l'instant : les personnes deviennent membres en écrivant dans le salon de la cohorte.
groups-bad-sizing = Impossible de faire des groupes avec { $value } : { $participants } participant·es, des groupes de 2 à { $max } personnes, ou de 1 à { $participants } groupes.
groups-draft-next = Pour ajuster : !groupe { $number } deplacer @membre G · pour tout refaire : !groupes { $number } --taille T · pour annoncer : !groupes { $number } confirmer
groups-no-draft = Pas de brouillon de groupes à confirmer pour l'atelier { $number } : formez-les d'abord avec !groupes { $number } --taille T.
groups-no-such-group = Il n'y a pas de groupe { $group } ({ $count } groupes ; { $count } + 1 pour en commencer un nouveau).
groups-moved = { $name } est maintenant dans le groupe { $group } de l'atelier { $number }.
groups-cancelled = L'atelier { $number } est annulé : pas de groupes.
groups-draft-header = **Brouillon des groupes de l'atelier { $number } « { $title } »** ({ $count } groupes, visibles des seul·es animateur·rices)
groups-header = 👥 **Les groupes de l'atelier { $number } « { $title } »** ({ $count } groupes)
groups-line = Groupe { $group } : { $names }
groups-you = 👥 Pour l'atelier { $number } « { $title } », vous êtes dans le groupe { $group } avec { $names }.
groups-you-alone = 👥 Pour l'atelier { $number } « { $title } », vous êtes dans le groupe { $group }, seul·e pour l'instant.
profile-structure = « { $name } »
profile-structure-none = non renseignée
groups-exercise = Consignes de l'exercice : { $text }
group-space-name = Atelier { $number } — groupe { $group }
groups-space-welcome = 👥 Bienvenue dans l'espace du groupe { $group } de l'atelier { $number } « { $title } » : { $names }.
groups-space-joined = 👥 { $name } rejoint le groupe.
