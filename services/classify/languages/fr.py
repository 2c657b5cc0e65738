"""French surface forms: numbers, dates, places and the trigger patterns of each signal type.

Patterns are regular-expression fragments in lower case, matched against lower-cased text.
`{NUM}` stands for a
number expression and `{PLACE}` is not used: places are found separately, near the trigger.
"""

# --- numbers ---------------------------------------------------------------------------
NUMBER_WORDS = (
    "zéro", "un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
    "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "vingt", "trente",
    "quarante", "cinquante", "soixante", "cent", "cents", "mille",
)
# Words that take the place of a number but give no value ("plusieurs blessés").
VAGUE_QUANTITIES = ("plusieurs", "des dizaines de", "des centaines de", "des milliers de",
                    "de nombreux", "de nombreuses", "quelques")
SCALES = {"million": 1_000_000, "millions": 1_000_000, "milliard": 1_000_000_000,
          "milliards": 1_000_000_000, "mille": 1000}
# Thousands separated by dots or spaces, decimals by a comma: 200.000, 1,5 million.
THOUSANDS_SEPARATORS = ". \u00a0\u202f"
DECIMAL_MARK = ","
APPROXIMATORS = ("plus de", "au moins", "près de", "environ", "quelque", "pas moins de",
                 "au total", "quelques")
ARTICLES_ONE = ("un", "une", "d'un", "d'une", "l'", "le", "la")

# --- dates -----------------------------------------------------------------------------
MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
            "dimanche": 6}
# Fixed offsets in days from the publication date.
RELATIVE_DAYS = {"avant-hier": -2, "hier": -1, "aujourd'hui": 0, "demain": 1,
                 "la semaine dernière": -7, "la semaine passée": -7,
                 "la semaine prochaine": 7}
UNITS = {"jour": 1, "jours": 1, "semaine": 7, "semaines": 7, "mois": 30}
FUTURE_OFFSET = r"(?:dans|d'ici|sous)\s+(?P<n>{NUM})\s+(?P<unit>jours?|semaines?|mois)"
PAST_OFFSET = r"il\s+y\s+a\s+(?P<n>{NUM})\s+(?P<unit>jours?|semaines?|mois)"
DAY_MONTH = r"(?P<day>1er|\d{1,2})\s+(?P<month>{MONTH})(?:\s+(?P<year>\d{4}))?"
MONTH_DAY = None
MID_MONTH = r"(?:la\s+)?mi-(?P<month>{MONTH})"
MONTH_YEAR = r"(?P<month>{MONTH})\s+(?P<year>\d{4})"
WEEKDAY = r"(?P<weekday>{WEEKDAY})(?P<next>\s+prochain)?"
SINCE_WORDS = ("depuis", "à partir du", "à partir de", "dès le")
DEADLINE_WORDS = ("dès", "d'ici", "avant", "dans", "sous", "jusqu'à", "jusqu'au")

# --- places ----------------------------------------------------------------------------
COUNTRIES = {
    "syrie": "SY", "ukraine": "UA", "yémen": "YE", "yemen": "YE", "soudan": "SD",
    "soudan du sud": "SS", "éthiopie": "ET", "ethiopie": "ET", "somalie": "SO",
    "birmanie": "MM", "myanmar": "MM", "haïti": "HT", "haiti": "HT", "gaza": "PS",
    "bande de gaza": "PS", "palestine": "PS", "liban": "LB", "irak": "IQ", "russie": "RU",
    "afghanistan": "AF", "libye": "LY", "mali": "ML", "niger": "NE", "nigeria": "NG",
    "tchad": "TD", "cameroun": "CM", "burkina faso": "BF", "israël": "IL", "israel": "IL",
    "rdc": "CD", "république démocratique du congo": "CD", "congo": "CD", "turquie": "TR",
    "jordanie": "JO", "égypte": "EG", "egypte": "EG", "tigré": "ET", "darfour": "SD",
}
ADJECTIVES = {
    "syrien": "SY", "syrienne": "SY", "syriens": "SY", "syriennes": "SY",
    "ukrainien": "UA", "ukrainienne": "UA", "ukrainiens": "UA", "ukrainiennes": "UA",
    "yéménite": "YE", "yéménites": "YE", "soudanais": "SD", "soudanaise": "SD",
    "éthiopien": "ET", "éthiopienne": "ET", "somalien": "SO", "somalienne": "SO",
    "haïtien": "HT", "haïtienne": "HT", "palestinien": "PS", "palestinienne": "PS",
    "palestiniens": "PS", "congolais": "CD", "congolaise": "CD", "birman": "MM",
    "birmane": "MM", "sud-soudanais": "SS", "gazaoui": "PS", "gazaouis": "PS",
}
# Capitalised words that start sentences but are never places.
NOT_PLACES = (
    "le", "la", "les", "l'", "un", "une", "des", "de", "du", "mais", "et", "ou", "face", "selon",
    "aucune", "aucun", "dans", "depuis", "après", "avant", "pour", "par", "sur", "ce", "cette",
    "ces", "il", "elle", "ils", "elles", "on", "nous", "en", "au", "aux", "a", "à", "mme", "m.",
    "onu", "conseil", "sécurité", "etat", "état", "nations", "unies", "président", "moscou",
    "washington", "paris", "bruxelles", "genève", "new york", "croix-rouge", "programme",
    "alimentaire", "mondial", "santé", "observatoire", "union", "europe", "sana", "afp",
    "crimes", "guerre", "attentat", "ville", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
    "samedi", "dimanche", "marché", "bourse", "assemblée", "nationale", "sénat", "troie",
)
# Prepositions that introduce a place: "à Atareb", "d'Alep", "dans la ville de Madaya".
# Words that name a place as a landmark for another ("au nord-ouest de Damas"): such a
# place is where something is, rarely what a signal is about.
LANDMARKS = ("nord de", "sud de", "est de", "ouest de", "nord-ouest de", "nord-est de",
             "sud-ouest de", "sud-est de", "près de", "proche de", "non loin de", "km de",
             "kilomètres de", "aux portes de", "périphérie de", "banlieue de", "route de",
             "province de", "province d'", "gouvernorat de", "région de")
LOCATIVES = ("à", "a", "de", "d'", "dans", "en", "près de", "vers", "ville de", "localité de",
             "quartier de", "sur")

# --- signals ---------------------------------------------------------------------------
# Each type: TRIGGERS (any one marks the sentence), NEGATIONS (cancel a trigger when they
# occur in the same sentence), plus the words that carry the type's fields.
SIEGE = (
    r"assiégée?s?", r"sous\s+(?:le\s+)?siège", r"encerclée?s?", r"sous\s+blocus",
    r"le\s+siège\s+(?:de|d')", r"mis\s+le\s+siège", r"pris\s+au\s+piège",
    r"coupée?s?\s+du\s+monde",
)
SIEGE_NOT = (
    r"siège\s+social", r"sièges", r"siège\s+(?:de|du|d')\s*(?:l'onu|la\s+société|l'entreprise|"
    r"l'assemblée|du\s+parti|du\s+groupe|de\s+la\s+banque|de\s+l'organisation)",
    r"levée?\s+du\s+siège", r"siège\s+(?:(?:de|d')[^.]{0,60}?)?(?:a\s+été|est|était)\s+levé",
    r"lever\s+le\s+siège",
    r"fin\s+du\s+siège", r"brisé\s+le\s+siège", r"anniversaire", r"commémor", r"musée",
    r"exposition", r"\bfilm\b", r"roman", r"il\s+y\s+a\s+\d+\s+ans", r"historique",
    r"pourrait\s+être\s+assiég", r"menace\s+d'un\s+siège", r"crainte\s+d'un\s+siège",
    r"\btroie\b", r"football", r"match",
)
SIEGE_LIFTED = (
    r"levée?\s+du\s+siège",
    r"siège\s+(?:(?:de|d')[^.]{0,60}?)?(?:a\s+été|est|était|avait\s+été)\s+(?:officiellement\s+)?levé",
    r"(?:ont|a)\s+levé\s+le\s+siège", r"lever\s+le\s+siège", r"fin\s+du\s+siège",
    r"(?:ont|a)\s+brisé\s+le\s+siège", r"siège\s+(?:a\s+pris|prend)\s+fin",
)
SIEGE_LIFTED_NOT = (r"anniversaire", r"commémor", r"réclam", r"appel(?:é|le)\s+à\s+lever",
                    r"exig")
AID_BLOCKED = (
    r"aucune?\s+(?:aide|convoi|camion|livraison|assistance)[^.]{0,60}?n'(?:a|ont|avait|avaient)"
    r"\s+(?:pu|été\s+autorisée?s?\s+à)\s+(?:entrer|parvenir|atteindre|pénétrer|accéder)",
    r"(?:aide|convois?|camions?|livraisons?)\s+(?:humanitaires?\s+)?(?:\w+\s+)?(?:sont|est|a\s+été|"
    r"ont\s+été|restent|reste)\s+(?:bloquée?s?|empêchée?s?|refoulée?s?|interdite?s?|refusée?s?)",
    r"accès\s+humanitaire\s+(?:est\s+|a\s+été\s+|reste\s+)?(?:refusé|bloqué|interdit|impossible)",
    r"privée?s?\s+d'aide", r"bloqu\w+\s+(?:l'aide|les\s+convois|l'acheminement)",
    r"(?:couloirs?|corridors?)\s+humanitaires?\s+(?:a|ont)\s+échoué",
    r"n'(?:a|ont)\s+(?:pas\s+)?pu\s+(?:entrer|parvenir)\s+(?:dans|à)[^.]{0,40}depuis",
)
AID_BLOCKED_NOT = (r"a\s+pu\s+entrer\s+pour\s+la\s+première", r"réclam", r"appel")
AID_DELIVERED = (
    r"convois?\s+(?:\w+\s+){0,4}?(?:est|sont)\s+(?:enfin\s+)?(?:entrée?s?|arrivée?s?|parvenue?s?)",
    r"convois?\s+(?:\w+\s+){0,4}?(?:a|ont)\s+(?:enfin\s+)?(?:pu\s+entrer|pénétré|atteint|livré)",
    r"(?:aide|vivres|nourriture|médicaments|camions)\s+(?:\w+\s+){0,3}?(?:a|ont)\s+été\s+"
    r"(?:livrée?s?|acheminée?s?|distribuée?s?)",
    r"(?:camions|convois?)\s+(?:\w+\s+){0,4}?(?:sont|est)\s+entrés?",
    r"(?:a|ont)\s+pu\s+entrer\s+pour\s+la\s+première\s+fois",
)
AID_DELIVERED_NOT = (r"aucun", r"n'(?:a|ont|est|sont)\s+pas", r"n'a\s+pu", r"n'ont\s+pu",
                     r"espère", r"devrait", r"pourrait")
STOCK_DEPLETION = (
    r"se\s+tarir", r"tari(?:e|es|s)?\b", r"s'épuis\w*", r"épuisée?s?", r"seront\s+épuisée?s?",
    r"pénurie", r"manqu(?:e|ent|er|era|eront)\s+(?:de|d')", r"à\s+court\s+(?:de|d')",
    r"n'(?:a|ont)\s+plus\s+(?:de|d')", r"plus\s+(?:d'eau|de\s+\w+)\s+depuis", r"s'amenuis\w+",
    r"touch\w+\s+à\s+leur\s+fin", r"ne\s+(?:dureront|durera|tiendront)\s+(?:plus\s+)?que",
    r"privée?s?\s+d'eau", r"sans\s+eau\s+(?:courante\s+)?depuis",
)
STOCK_DEPLETION_NOT = (r"patience", r"bourse", r"marchés?\s+financ", r"prix\s+(?:du|de\s+l')",
                       r"temps", r"arguments", r"batterie")
# Forms that say the stock is already gone rather than forecast to go.
EXHAUSTED = (r"sont\s+épuisée?s?", r"est\s+épuisée?", r"n'(?:a|ont)\s+plus", r"plus\s+d'eau",
             r"sans\s+eau", r"privée?s?\s+d'eau", r"tarie?s?\b", r"ont\s+été\s+épuisée?s?")
COMMODITIES = {
    "nourriture": "food", "vivres": "food", "denrées": "food", "alimentaires": "food",
    "alimentaire": "food", "ravitaillement": "food", "aliments": "food", "lait": "food",
    "farine": "flour", "blé": "flour", "pain": "flour",
    "carburant": "fuel", "carburants": "fuel", "essence": "fuel", "fioul": "fuel",
    "gazole": "fuel", "mazout": "fuel", "diesel": "fuel",
    "médicaments": "medicine", "médicament": "medicine", "médicales": "medicine",
    "médicaux": "medicine", "insuline": "medicine", "antibiotiques": "medicine",
    "eau": "water", "sang": "blood",
}
CASUALTIES = (
    r"(?P<killed>{NUM})\s+(?:\w+\s+){0,3}?(?:ont\s+été|avaient\s+été|sont)\s+(?:\w+\s+)?tuée?s?",
    r"(?:a|ont)\s+(?:fait|tué|coûté\s+la\s+vie\s+à)\s+(?:au\s+moins\s+|plus\s+de\s+)?"
    r"[\"«]?\s*(?P<killed>{NUM})\s+(?:morts|victimes|tués|civils|personnes)",
    r"(?:a|ont)\s+fait\s+[\"«]?\s*(?:au\s+moins\s+)?(?P<injured>{NUM})\s+blessés",
    r"(?:a|ont)\s+fait\s+[\"«]?\s*(?:{VAGUE})\s+(?:morts|blessés|victimes)",
    r"(?P<killed>{NUM})\s+morts",
    r"(?P<killed>{NUM})\s+(?:\w+\s+){0,3}?(?:ont\s+péri|ont\s+trouvé\s+la\s+mort|sont\s+morte?s)",
    r"(?:a|ont)\s+tué\s+(?P<killed>{NUM})",
)
CASUALTIES_NOT = (r"jusqu'à\s+présent", r"depuis\s+le\s+début", r"depuis\s+(?:20|19)\d\d",
                  r"au\s+total\s+depuis", r"en\s+tout\s+depuis", r"bilan\s+total",
                  r"guerre\s+civile\s+qui\s+a\s+fait", r"morts?\s+de\s+faim",
                  r"anniversaire", r"commémor", r"accident", r"route")
INJURED = r"(?P<injured>{NUM})\s+(?:autres\s+)?(?:personnes\s+)?(?:ont\s+été\s+)?blessée?s"
# "... et 10 autres à Atareb": a second toll in the same sentence, for another place.
CASUALTIES_MORE = r"(?P<killed>{NUM})\s+autres\s+(?:à|a|dans|près\s+de)\s+"
HEALTHCARE_ATTACK = (
    r"(?:bombardement|frappes?|attaques?|pilonnage|raid|tirs?)\s+(?:\w+\s+){0,3}?(?:contre\s+|"
    r"sur\s+|de\s+|d'|visant\s+)(?:\w+\s+){0,2}?(?:hôpita\w+|cliniques?|maternités?|centres?\s+de"
    r"\s+santé|centres?\s+médicaux|dispensaires?|ambulances?|banques?\s+de\s+sang)",
    r"(?:hôpita\w+|cliniques?|maternités?|centres?\s+de\s+santé|dispensaires?|ambulances?)"
    r"\s+(?:\w+\s+){0,4}?(?:a|ont)\s+été\s+(?:\w+\s+)?(?:bombardée?s?|frappée?s?|touchée?s?|"
    r"détruite?s?|visée?s?|attaquée?s?|pilonnée?s?)",
    r"(?:bombardé|frappé|touché|détruit|visé|pilonné)\s+(?:\w+\s+){0,2}?(?:hôpita\w+|cliniques?|"
    r"maternités?|centres?\s+de\s+santé|dispensaires?)",
)
HEALTHCARE_ATTACK_NOT = (r"collecte", r"dons?\b", r"inaugur", r"financement", r"gala",
                         r"construction", r"rénov")
FACILITIES = (r"hôpitaux", r"hôpital", r"cliniques?", r"maternités?", r"centres?\s+de\s+santé",
              r"centres?\s+médicaux", r"dispensaires?", r"ambulances?", r"banques?\s+de\s+sang")
DISPLACEMENT = (
    r"(?P<people>{NUM})\s+(?:\w+\s+){0,3}?(?:ont\s+fui|ont\s+été\s+déplacée?s|ont\s+quitté|"
    r"ont\s+été\s+évacuée?s|ont\s+dû\s+fuir|se\s+sont\s+réfugiée?s|ont\s+pris\s+la\s+fuite)",
    r"(?P<people>{NUM})\s+déplacés", r"déplacé\s+(?P<people>{NUM})",
    r"évacuation\s+de\s+(?P<people>{NUM})", r"exode\s+de\s+(?P<people>{NUM})",
)
DISPLACEMENT_NOT = (r"depuis\s+le\s+début", r"depuis\s+(?:20|19)\d\d", r"jusqu'à\s+présent",
                    r"moitié\s+de\s+la\s+population", r"touristes", r"vacanciers")
FAMINE = (
    r"\bfamine\b", r"morte?s?\s+de\s+faim", r"mourir\s+de\s+faim", r"mort\s+de\s+faim",
    r"décès\s+(?:liés|dus)\s+à\s+la\s+(?:faim|malnutrition)", r"succombé\s+à\s+la\s+faim",
)
FAMINE_NOT = (r"risque\s+de\s+famine", r"menace\s+de\s+famine", r"bord\s+de\s+la\s+famine",
              r"éviter\s+(?:une|la)\s+famine", r"grève\s+de\s+la\s+faim", r"en\s+19\d\d",
              r"anniversaire", r"historique", r"roman", r"film")
FAMINE_DEATHS = (r"(?P<deaths>{NUM})\s+(?:\w+\s+){0,3}?(?:sont\s+)?morte?s?\s+de\s+faim",
                 r"(?P<deaths>{NUM})\s+(?:\w+\s+){0,3}?(?:ont\s+)?succombé",
                 r"(?P<deaths>{NUM})\s+décès")
POPULATION = r"(?P<population>{NUM})\s+(?:habitants|personnes|civils|âmes|résidents)"

# Cheap word stems that must appear in a sentence before a type's full patterns are tried.
CUES = {
    "siege": ("assiég", "encercl", "siège", "blocus", "piège", "coupé"),
    "siege_lifted": ("siège",),
    "aid_blocked": ("aide", "convoi", "camion", "livraison", "assistance", "humanitaire",
                    "entrer", "parvenir"),
    "aid_delivered": ("convoi", "aide", "vivres", "nourriture", "médicaments", "camions",
                      "entrer"),
    "stock_depletion": ("tarir", "tari", "épuis", "pénurie", "manqu", "court d", "plus de",
                        "plus d'", "amenuis", "fin", "dureront", "durera", "tiendront", "privé",
                        "sans eau"),
    "casualties": ("tué", "mort", "victime", "blessé", "péri", "la vie"),
    "healthcare_attack": ("hôpita", "clinique", "maternité", "santé", "médica", "dispensaire",
                          "ambulance", "banque de sang"),
    "displacement": ("fui", "déplac", "quitté", "évacu", "réfugi", "fuite", "exode"),
    "famine": ("famine", "faim", "malnutrition"),
}
