# Délais : demander plus de temps pour un livrable, l'accorder ou le refuser.

cmd-extension-usage = !delai N raison | !delai accorder N @membre DATE | !delai refuser N @membre raison
cmd-extension-summary = demander plus de temps pour le livrable de l'atelier N (en privé, de préférence) ; animateur·rices : accorder une nouvelle échéance à une personne, ou refuser

extension-requested = C'est transmis aux animateur·rices : vous demandez un délai pour le livrable de l'atelier { $number } (échéance actuelle : { $due }). Vous aurez leur réponse en message privé.
extension-requested-facilitators =
    ⏳ { $name } demande un délai pour le livrable « { $title } » de l'atelier { $number } (échéance actuelle : { $due }) :
    « { $reason } »
    Pour répondre : !delai accorder { $number } @{ $mention } DATE (par exemple 2027-03-20 18:00, ou lundi 18h), ou !delai refuser { $number } @{ $mention } raison
extension-granted = ✅ Délai accordé pour le livrable « { $title } » de l'atelier { $number } : votre nouvelle échéance est le { $due }. Les rappels suivront cette date.
extension-granted-facilitator = Délai accordé à { $name } pour l'atelier { $number } : nouvelle échéance le { $due } (prévenu·e en privé, rappels programmés).
extension-refused = Votre demande de délai pour l'atelier { $number } n'a pas été acceptée : « { $reason } ». L'échéance reste le { $due }.
extension-refused-facilitator = Refus envoyé à { $name } pour l'atelier { $number }.
extension-bad-date = Je n'ai pas compris la fin de la date : « { $words } ». Écrivez par exemple 2027-03-20 18:00 ou lundi 18h.
extension-date-out-of-range = La nouvelle échéance doit être dans le futur, après l'échéance de la cohorte ({ $due }) et au plus { $days } jours après elle.
job-deadline-extended = Avec un délai accordé : { $names }.
