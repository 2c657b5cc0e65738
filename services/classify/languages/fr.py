"""French surface forms: numbers, dates, places and the trigger patterns of each signal type.

Patterns are regular-expression fragments in lower case, matched against lower-cased text,
one sentence at a time. Placeholders: `{NUM}` a number expression, `{VAGUE}` a quantity
without a value ("plusieurs"), `{ONE}` an article that counts one ("un blessé"),
`{COMMODITY}` a word of `COMMODITIES`, `{FACILITY}` one of `FACILITIES`, `{MONTH}` a month.
A named group gives a field its value; `<field>_plus` is added to `<field>` ("deux
journalistes et un policier ont été tués": 3 killed). A pattern that starts with a number
group is tried only where a number starts, so write it that way when the number leads.
"""

# Une dépêche inventée, lue une fois au démarrage d'un worker pour que tout ce qui se
# construit au premier usage le soit alors (voir `extract.warm_up`).
SAMPLE = ("Douze civils ont été tués lundi à Port Harcourt, au Nigeria. La ville est assiégée "
          "depuis le 2 mars et le carburant sera épuisé dans deux semaines.")

# --- numbers ---------------------------------------------------------------------------
NUMBER_WORDS = (
    "zéro", "un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
    "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "vingt", "trente",
    "quarante", "cinquante", "soixante", "cent", "cents", "mille",
)
# Words that take the place of a number but give no value ("plusieurs blessés").
VAGUE_QUANTITIES = ("plusieurs", "des dizaines de", "des centaines de", "des milliers de",
                    "de nombreux", "de nombreuses", "quelques", "une dizaine de",
                    "une centaine de", "un millier de", "une vingtaine de", "des dizaines",
                    "des centaines")
ONE_WORDS = ("un", "une")
SCALES = {"million": 1_000_000, "millions": 1_000_000, "milliard": 1_000_000_000,
          "milliards": 1_000_000_000, "mille": 1000}
# Thousands separated by dots or spaces, decimals by a comma: 200.000, 1,5 million.
THOUSANDS_SEPARATORS = ". \u00a0\u202f"
DECIMAL_MARK = ","
APPROXIMATORS = ("plus de", "au moins", "près de", "environ", "quelque", "pas moins de",
                 "au total", "quelques", "moins de")
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
# How long a stock lasts: "ne tiendront pas plus de dix jours", "de quoi tenir une semaine".
DURATION = (r"(?:pas\s+plus\s+d(?:e\s+|')|pendant\s+|(?:tenir|tiendr\w*|durer\w*|suffir\w*)\s+(?:encore\s+)?"
            r"|que\s+)(?P<n>{NUM}|une?)\s+(?:autres?\s+)?"
            r"(?P<unit>jours?|semaines?|mois)")
PAST_OFFSET = r"il\s+y\s+a\s+(?P<n>{NUM})\s+(?P<unit>jours?|semaines?|mois)"
DAY_MONTH = r"(?P<day>1er|\d{1,2})\s+(?P<month>{MONTH})(?:\s+(?P<year>\d{4}))?"
MONTH_DAY = None
MID_MONTH = r"(?:la\s+)?mi-(?P<month>{MONTH})"
MONTH_YEAR = r"(?P<month>{MONTH})\s+(?P<year>\d{4})"
WEEKDAY = r"(?P<weekday>{WEEKDAY})(?P<next>\s+prochain)?"
SINCE_WORDS = ("depuis", "à partir du", "à partir de", "dès le")
DEADLINE_WORDS = ("dès", "d'ici", "avant", "dans", "sous", "jusqu'à", "jusqu'au", "au-delà de",
                  "au-delà du")
# Verbs of saying: the day after them is when something was said, not when it happened
# ("16 morts, a annoncé dimanche le gouverneur").
REPORTING_WORDS = ("a annoncé", "ont annoncé", "a indiqué", "ont indiqué", "a déclaré",
                   "ont déclaré", "a affirmé", "ont affirmé", "a précisé", "a rapporté",
                   "ont rapporté", "a dit", "a averti", "a prévenu", "a alerté", "a déploré",
                   "a dénoncé", "a confirmé", "a assuré", "a estimé", "selon")
# Verbs that date the start of a siege or a blockade when no "depuis" does ("a imposé lundi
# un siège": the siege runs from Monday).
START_WORDS = ("a imposé", "ont imposé", "a ordonné", "ont ordonné", "a fermé", "ont fermé",
               "ont achevé l'encerclement", "a achevé l'encerclement", "ont bouclé", "a bouclé")

# --- places ----------------------------------------------------------------------------
# Names that say which country a dispatch is about (and regions a country is known by).
COUNTRIES = {
    "syrie": "SY", "ukraine": "UA", "yémen": "YE", "yemen": "YE", "soudan": "SD",
    "soudan du sud": "SS", "éthiopie": "ET", "ethiopie": "ET", "somalie": "SO",
    "birmanie": "MM", "myanmar": "MM", "haïti": "HT", "haiti": "HT",
    "territoire palestinien": "PS", "territoires palestiniens": "PS", "palestine": "PS",
    "liban": "LB", "irak": "IQ", "russie": "RU",
    "afghanistan": "AF", "libye": "LY", "mali": "ML", "niger": "NE", "nigeria": "NG",
    "tchad": "TD", "cameroun": "CM", "burkina faso": "BF", "israël": "IL", "israel": "IL",
    "rdc": "CD", "république démocratique du congo": "CD", "congo": "CD", "turquie": "TR",
    "jordanie": "JO", "égypte": "EG", "egypte": "EG", "tigré": "ET", "darfour": "SD",
    "rwanda": "RW", "bosnie": "BA",
}
ADJECTIVES = {
    "syrien": "SY", "syrienne": "SY", "syriens": "SY", "syriennes": "SY",
    "ukrainien": "UA", "ukrainienne": "UA", "ukrainiens": "UA", "ukrainiennes": "UA",
    "yéménite": "YE", "yéménites": "YE", "soudanais": "SD", "soudanaise": "SD",
    "soudanaises": "SD", "éthiopien": "ET", "éthiopienne": "ET", "éthiopiens": "ET",
    "somalien": "SO", "somalienne": "SO", "somaliens": "SO",
    "haïtien": "HT", "haïtienne": "HT", "haïtiens": "HT", "palestinien": "PS",
    "palestinienne": "PS", "palestiniens": "PS", "congolais": "CD", "congolaise": "CD",
    "birman": "MM", "birmane": "MM", "birmans": "MM",
    "sud-soudanais": "SS", "sud-soudanaise": "SS", "sud-soudanaises": "SS",
    "gazaoui": "PS", "gazaouis": "PS", "gazaouie": "PS", "rwandais": "RW", "rwandaise": "RW",
    "bosnien": "BA", "bosnienne": "BA",
    **{f"{stem}{ending}": code for stem, code in (("malien", "ML"), ("nigérien", "NE"),
                                                   ("irakien", "IQ"), ("libyen", "LY"))
       for ending in ("", "ne", "s", "nes")},
    **{f"{stem}{ending}": code for stem, code in (("nigérian", "NG"), ("centrafricain", "CF"),
                                                   ("mozambicain", "MZ"), ("afghan", "AF"))
       for ending in ("", "e", "s", "es")},
    "burkinabè": "BF", "burkinabé": "BF", "burkinabés": "BF",
}
# Capitalised words that start sentences but are never places.
NOT_PLACES = (
    "le", "la", "les", "l'", "un", "une", "des", "de", "du", "mais", "et", "ou", "face", "selon",
    "aucune", "aucun", "dans", "depuis", "après", "avant", "pour", "par", "sur", "ce", "cette",
    "ces", "il", "elle", "ils", "elles", "on", "nous", "en", "au", "aux", "a", "à", "mme", "m.",
    "onu", "conseil", "sécurité", "etat", "état", "nations", "unies", "président", "moscou",
    "pékin", "téhéran", "riyad", "ankara",
    "washington", "paris", "bruxelles", "genève", "new york", "croix-rouge", "programme",
    "alimentaire", "mondial", "santé", "observatoire", "union", "europe", "sana", "afp",
    "crimes", "guerre", "attentat", "ville", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
    "samedi", "dimanche", "marché", "bourse", "assemblée", "nationale", "sénat", "troie",
    "rome", "cannes", "doha", "vieille", "armée", "forces", "plus", "quelque", "environ",
    "près", "deux", "trois", "quatre", "cinq", "chaque", "tous", "toutes", "son", "sa", "ses",
    "leur", "leurs", "lors", "alors", "ainsi", "encore", "déjà", "toujours",
)
# Words that name a place as a landmark for another ("au nord-ouest de Damas"): such a
# place is where something is, rarely what a signal is about.
LANDMARKS = ("nord de", "sud de", "est de", "ouest de", "nord-ouest de", "nord-est de",
             "sud-ouest de", "sud-est de", "près de", "proche de", "non loin de", "km de",
             "kilomètres de", "aux portes de", "périphérie de", "banlieue de", "route de",
             "province de", "province d'", "gouvernorat de", "région de", "environs de",
             "route du", "au large de", "au large d'", "capitale de", "capitale du",
             "capitale d'", "quartier de", "quartier d'", "quartiers de")
# The same, written after the place ("Idlib province" in English; none in French).
LANDMARKS_AFTER: tuple[str, ...] = ()
# Verbs of saying after a capital that opens its sentence or clause, besides REPORTING_WORDS:
# the government speaks ("Kiev estime que 20.000 civils y ont été tués"), the city is not the
# place of the fact.
SPEAKING_VERBS = ("estime", "affirme", "assure", "accuse", "dément", "dénonce", "condamne",
                  "réclame", "exige", "prévient", "avertit", "répond", "a accusé", "a démenti",
                  "a condamné", "a réclamé", "a exigé", "a répondu")
# Words that may follow a place inside a longer capitalised name (French puts them before).
PLACE_KINDS: tuple[str, ...] = ()
# Words that give where something comes from ("des camions venus de Kyiv"): not the place
# of an aid or a toll, but the place people flee from, so not for displacement.
ORIGINS = ("en provenance de", "en provenance d'", "venus de", "venu de", "partis de",
           "parti de", "depuis")
# Prepositions that introduce a place: "à Atareb", "d'Alep", "dans la ville de Madaya".
LOCATIVES = ("à", "a", "de", "d'", "dans", "en", "près de", "vers", "ville de", "localité de",
             "quartier de", "sur")
# Where one clause of a sentence ends and the next begins: a commodity in another clause
# is not the one a depletion is about.
CLAUSE_BREAKS = (", et ", "; ", ", mais ", " tandis que ", ", alors que ")

# --- signals ---------------------------------------------------------------------------
# Each type: triggers (any one marks the sentence) and `<TYPE>_NOT` (a negation in the same
# sentence cancels the type there), plus the words that carry the type's fields.
_HISTORIC_YEAR = r"\b(?:1[0-8]\d\d|19[0-4]\d)\b"
# A war's toll told as a whole ("Il a fait des milliers de morts et deux millions de déplacés").
_WAR_TOLL = r"\bil\s+a\s+fait\s+des\s+(?:dizaines\s+de\s+|centaines\s+de\s+)?milliers"
_BACKGROUND_SINCE = (r"depuis\s+(?:le\s+)?début\s+(?:de\s+la\s+guerre|du\s+conflit|de\s+"
                     r"l'invasion|des\s+hostilités|de\s+la\s+crise)",
                     r"depuis\s+(?:(?:le\s+)?(?:\d{1,2}\s+)?{MONTH}\s+)?(?:20|19)\d\d")

SIEGE = (
    r"assi[éè]g\w*", r"sous\s+(?:le\s+|un\s+)?siège", r"encercl\w*",
    r"sous\s+blocus", r"blocus\s+(?:total|complet)", r"le\s+siège\s+(?:de|d'|du)",
    r"(?:mis|imposé|impose|imposent)\s+(?:le|un)\s+siège", r"prise?s?\s+au\s+piège",
    r"coupée?s?\s+du\s+monde",
)
SIEGE_NOT = (
    r"siège\s+social", r"sièges", r"siège\s+(?:de|du|d')\s*(?:l'onu|la\s+société|l'entreprise|"
    r"l'assemblée|du\s+parti|du\s+groupe|de\s+la\s+banque|de\s+l'organisation)",
    r"(?:presque|quasi|quasiment|partiellement|à\s+moitié)\s+(?:\w+\s+)?(?:encerclée?s?|"
    r"assiégée?s?|coupée?s?)", r"anniversaire", r"commémor", r"musée", r"exposition",
    r"\bfilm\b", r"documentaire", r"roman", r"il\s+y\s+a\s+\d+\s+ans", r"historique",
    r"pourrait\s+être\s+(?:assiég|encercl)", r"menace\s+d'(?:un\s+siège|encerclement)",
    r"crainte\s+d'un\s+siège", r"risque\s+d'être", r"\btroie\b", r"football", r"match",
    r"autres\s+(?:\w+\s+)?assiégée?s",
    r"avai(?:en)?t\s+été\s+(?:\w+\s+)?(?:encerclée?s?|assiégée?s?|coupée?s?)",
    r"n'(?:est|sont|était|étaient|a|ont|avait|avaient)\s+pas\s+(?:été\s+)?(?:\w+\s+)?(?:encerclée?s?|"
    r"assiégée?s?|sous\s+blocus)",
    r"siège\s+(?:de|du|d'|des)\s*(?:l'|la\s+|le\s+)?(?:gouvernorat|gouvernement|conseil|parlement|"
    r"ministère|préfecture|mairie|police|état-major|province|région)",
    _HISTORIC_YEAR,
)
SIEGE_LIFTED = (
    r"levée?\s+du\s+siège",
    r"siège\s+(?:(?:de|d'|du)[^.]{0,60}?)?(?:a\s+été|est|était|avait\s+été)\s+(?:\w+\s+)?levé",
    r"(?:lev(?:é|ée|és|ant|er|ent|ait)|brisé|brisant|briser|rompu|rompant)\s+(?:\w+\s+){0,2}?"
    r"(?:le|un|l')\s*(?:siège|encerclement|blocus)",
    r"fin\s+(?:du|au)\s+siège",
    r"(?:mett(?:ant|ait|re|ent|ra)|mis)\s+fin\s+(?:à|au)\s+(?:[\w'’-]+\s+){0,5}?(?:siège|"
    r"encerclement|blocus)",
    r"siège\s+(?:(?:de|d'|du)[^.]{0,60}?)?(?:a\s+pris|prend|avait\s+pris)\s+fin",
)
SIEGE_LIFTED_NOT = (r"anniversaire", r"commémor", r"réclam", r"appel", r"exig", r"demand",
                    _HISTORIC_YEAR)
AID_BLOCKED = (
    r"aucune?\s+(?:aide|convoi|camion|livraison|assistance|cargaison|vivres)\b[^.;]{0,80}?"
    r"n'(?:a|ont|avait|avaient|est|sont|était|étaient)\s+(?:\w+\s+){0,2}?(?:pu|entrée?s?|"
    r"parvenue?s?|arrivée?s?|été\s+(?:autorisée?s?|livrée?s?|acheminée?s?|distribuée?s?))",
    r"(?:aide|convois?|camions?|livraisons?|cargaisons?|conteneurs)\b[^.;]{0,80}?\b(?:sont|est|a\s+été|"
    r"ont\s+été|restent|reste|demeurent)\s+(?:\w+\s+)?(?:bloquée?s?|empêchée?s?|refoulée?s?|"
    r"interdite?s?|refusée?s?)",
    r"accès\s+humanitaire\s+(?:\w+\s+){0,2}?(?:refusé|bloqué|interdit|impossible|entravé)",
    r"(?:convois?|camions?)\s+(?:\w+\s+)?(?:bloquée?s?|refoulée?s?)\s+(?:à|au|aux|depuis|par)\b",
    r"privée?s?\s+(?:de\s+toute\s+)?aide", r"(?:bloqu|entrav|empêch)\w+\s+(?:l'aide|les\s+convois|"
    r"l'acheminement|l'accès\s+humanitaire)",
    r"(?:couloirs?|corridors?)\s+humanitaires?\s+(?:a|ont)\s+échoué",
    r"n'(?:a|ont)\s+(?:pas\s+)?pu\s+(?:entrer|parvenir|accéder)\s+(?:dans|à)[^.]{0,40}depuis",
    r"(?:organisations|agences|ong|travailleurs|équipes|humanitaires|onu)\b[^.;]{0,40}?\bn'(?:a|ont|"
    r"avait|avaient)\s+(?:toujours\s+)?(?:pas\s+|plus\s+)?pu\s+(?:entrer|accéder|parvenir|"
    r"atteindre|se\s+rendre)",
    r"(?:aide|convois?|camions?|vivres|secours|cargaisons?)\b[^.;]{0,40}?\bne\s+(?:parvien(?:t|nent)"
    r"\s+plus|passe(?:nt)?\s+plus|peu(?:t|vent)\s+(?:plus|pas)\s+(?:entrer|passer|parvenir))",
    r"suspendu\s+(?:tous\s+|toutes\s+)?(?:ses|les|leurs)\s+(?:convois|livraisons|distributions)",
    r"(?:interdi\w*|refus\w*|bloqu\w*|suspend\w*)\s+(?:l'entrée|le\s+passage|l'acheminement|les\s+"
    r"livraisons|la\s+livraison|la\s+distribution|les\s+convois)\s+(?:de\s+l'aide|d'aide|des\s+"
    r"convois|humanitaires?)",
)
AID_BLOCKED_NOT = (r"a\s+pu\s+entrer\s+pour\s+la\s+première", r"réclam", r"appel", r"exig",
                   r"\bsi\s+aucun", r"(?:dément|\bnie|\bnié|démenti)\w*\s+(?:\w+\s+){0,2}?"
                   r"(?:bloquer|entraver|restreindre|que|les\s+accusations)")
AID_DELIVERED = (
    r"convois?\b[^.;]{0,100}?\b(?:est|sont|était|étaient)\s+(?:\w+\s+){0,2}?(?:entrée?s?|"
    r"arrivée?s?|parvenue?s?)\b",
    r"convois?\b[^.;]{0,100}?\b(?:a|ont)\s+(?:\w+\s+){0,2}?(?:pu\s+(?:entrer|atteindre|"
    r"accéder|parvenir)|pénétré|atteint|livré|rejoint)",
    r"(?:aide|vivres|nourriture|médicaments|camions|colis)\b[^.;]{0,60}?\b(?:a|ont)\s+été\s+"
    r"(?:\w+\s+)?(?:livrée?s?|acheminée?s?|distribuée?s?)",
    r"camions?\b[^.;]{0,100}?\b(?:sont|est)\s+(?:\w+\s+){0,2}?(?:entrée?s?|arrivée?s?|"
    r"parvenue?s?)\b",
    r"(?:a|ont)\s+pu\s+entrer\s+pour\s+la\s+première\s+fois",
    r"(?:a|ont|avait|avaient)\s+(?:toutefois\s+|enfin\s+|finalement\s+)?(?:pu\s+)?,?\s*(?:distribuer|"
    r"distribué|acheminer|acheminé|livrer|livré|faire\s+parvenir|permis\s+de\s+faire\s+parvenir)\s+"
    r"(?:[\w'’-]+,?\s+){0,10}?(?:rations|vivres|nourriture|médicaments|colis|tonnes|farine|aide)\b",
    r"(?:opérations?|missions?|équipes?)\s+(?:humanitaires?|d'évacuation|de\s+secours)\b[^.;]{0,100}?"
    r"\b(?:a|ont)\s+(?:pu\s+)?(?:atteint|rejoint|pénétré|atteindre|rejoindre|entrer|accéder)",
)
AID_DELIVERED_NOT = (r"aucun", r"n'(?:a|ont|est|sont)\s+pas", r"n'a\s+pu", r"n'ont\s+pu",
                     r"espère", r"devrai", r"pourrai", r"\bdoit\b", r"attendu", r"prévu",
                     # "les dernières rations", not "(distribué) la semaine dernière des rations"
                     r"derni(?:er|ère)s?\s+(?:(?!des\b)\w+\s+)?(?:rations|réserves|stocks)",
                     r"dément", r"\bnie\b")  # a party's claim, not a report of aid
STOCK_DEPLETION = (
    r"se\s+tarir", r"tari(?:e|es|s)?\b", r"s'épuis\w*", r"épuisée?s?", r"pénuries?\b",
    r"manqu(?:e|ent|er|era|eront|aient|ait)\s+(?:de|d')", r"à\s+court\s+(?:de|d')",
    r"n'(?:a|ont|avait|avaient|aura|auront)\s+plus\s+(?:de|d'|une?\s+seule?|aucune?)",
    r"s'amenuis\w+", r"touch\w+\s+à\s+(?:leur|sa)\s+fin",
    r"ne\s+(?:dureront|durera|tiendront|tiendra|suffiront|suffira)\s+(?:(?:plus\s+|pas\s+)?"
    r"(?:que|au-delà|jusqu)|pas\s+plus\s+(?:de\b|d'))", r"de\s+quoi\s+tenir",
    r"n'y\s+a(?:vait)?\s+plus\s+(?:de\b|d'|une?\s+(?:seule\s+)?goutte)", r"n'y\s+en\s+a\s+plus",
    r"il\s+ne\s+reste\s+(?:plus\s+)?que",
    r"privée?s?\s+(?:d'eau|de\s+(?:nourriture|carburant|médicaments|vivres|pain|farine))",
    r"sans\s+(?:eau|nourriture|vivres|carburant)\s+(?:courante\s+)?depuis",
    r"faute\s+(?:de\s+|d')(?:{COMMODITY})\b", r"\bà\s+sec\b",
    r"derni(?:er|ère)s?\s+(?:\w+\s+){0,2}?(?:rations|réserves|stocks|sacs|vivres)\b[^.;]{0,60}?"
    r"\b(?:ont\s+été|sont)\s+(?:distribuée?s|consommée?s|épuisée?s)",
)
STOCK_DEPLETION_NOT = (r"patience", r"bourse", r"marchés?\s+financ", r"\btemps\b", r"arguments",
                       r"batterie", r"ne\s+manquen?t?\s+pas", r"pas\s+de\s+pénurie",
                       r"éviter\s+(?:une|la)\s+pénurie")
# Forms that say the stock is already gone rather than forecast to go.
EXHAUSTED = (r"sont\s+épuisée?s?", r"est\s+épuisée?", r"n'(?:a|ont|avait|avaient)\s+plus",
             r"n'y\s+a(?:vait)?\s+plus", r"n'y\s+en\s+a\s+plus",
             r"plus\s+d'eau", r"sans\s+eau", r"privée?s?\s+d'eau", r"tarie?s?\b",
             r"ont\s+été\s+épuisée?s?", r"faute\s+(?:de|d')", r"\bà\s+sec\b",
             r"derni(?:er|ère)s?\s+(?:\w+\s+){0,2}?(?:rations|réserves|stocks|sacs|vivres)")
COMMODITIES = {
    "nourriture": "food", "vivres": "food", "denrées": "food", "alimentaires": "food",
    "alimentaire": "food", "ravitaillement": "food", "aliments": "food", "lait": "food",
    "riz": "food", "rations": "food", "céréales": "food", "citernes": "water",
    "farine": "flour", "blé": "flour", "pain": "flour",
    "carburant": "fuel", "carburants": "fuel", "essence": "fuel", "fioul": "fuel",
    "gazole": "fuel", "mazout": "fuel", "diesel": "fuel", "stations-service": "fuel",
    "médicaments": "medicine", "médicament": "medicine", "médicales": "medicine",
    "médicaux": "medicine", "insuline": "medicine", "antibiotiques": "medicine",
    "anesthésiques": "medicine", "antipaludéens": "medicine", "solutés": "medicine",
    "anesthésiants": "medicine",
    "eau": "water", "sang": "blood", "oxygène": "other",
}
# Words after which the commodity follows the trigger ("n'ont plus de farine").
OBJECT_WORDS = ("de", "d'", "du", "des", "plus", "sans", "aucun", "aucune", "seule", "seul", "en")
# Words that may stand between two commodities of one list ("les vivres et les médicaments").
LIST_WORDS = ("et", "ou", "ni", "les", "la", "le", "l'", "de", "d'", "du", "des", "en")
CASUALTIES = (
    r"(?P<killed>{NUM})\s+\w+\s+et\s+(?P<killed_plus>{NUM}|{ONE})\s+\w+\s+(?:ont|avaient|sont)"
    r"\s+été\s+(?:\w+\s+)?tuée?s?",
    # not a date's day: "le 24 février, au moins 266 civils ont été tués"
    r"(?P<killed>{NUM})(?!\s+(?:{MONTH})\b)\s+(?:[\w'’-]+,?\s+){0,6}?"
    r"(?:ont|avaient|auraient|sont)\s+(?:\w+\s+)?"
    r"(?:été\s+)?(?:\w+\s+)?tuée?s?",
    r"(?:a|ont|avait|avaient)\s+(?:\w+\s+)?(?:fait|tué|coûté\s+la\s+vie\s+à)\s+[\"«]?\s*"
    r"(?P<killed>{NUM})\s+(?:morts|victimes|tués|civils|personnes|enfants|habitants)",
    r"(?:a|ont|avait|avaient)\s+fait\s+[\"«]?\s*(?P<injured>{NUM})\s+blessés",
    r"faisant\s+[\"«]?\s*(?P<killed>{NUM})\s+(?:morts|tués|victimes)",
    r"faisant\s+[\"«]?\s*(?P<injured>{NUM})\s+blessés",
    r"(?:(?:a|ont|avait|avaient)\s+fait|faisant)\s+[\"«]?\s*(?:{VAGUE})\s+(?:morts|blessés|"
    r"victimes)",
    r"(?P<killed>{NUM})\s+(?:morts|tués)\b",
    r"(?P<killed>{NUM})\s+(?:[\w'’-]+,?\s+){0,6}?(?:ont\s+péri|ont\s+trouvé\s+la\s+mort|"
    r"sont\s+morte?s|ont\s+perdu\s+la\s+vie)",
    r"(?:a|ont)\s+tué\s+(?P<killed>{NUM})", r"tuant\s+(?P<killed>{NUM})",
    r"(?:ont|a|avaient|avait)\s+été\s+(?:\w+\s+)?tuée?s?\b",
)
CASUALTIES_NOT = (r"jusqu'à\s+présent", *_BACKGROUND_SINCE, r"au\s+total\s+depuis",
                  r"en\s+tout\s+depuis", r"bilan\s+total",
                  r"dans\s+(?:tout\s+)?le\s+pays\s+depuis", r"séisme", r"tremblement\s+de\s+terre",
                  r"(?:guerre|conflit|insurrection)\b[^.;]{0,100}?\b(?:a|avait|ont)\s+"
                  r"(?:\w+\s+)?(?:fait|tué|"
                  r"coûté)", r"morte?s?\s+de\s+(?:faim|malnutrition|inanition)", r"anniversaire",
                  _WAR_TOLL,
                  r"commémor", r"accident\s+de\s+(?:la\s+)?(?:route|circulation)",
                  _HISTORIC_YEAR)
INJURED = (r"(?P<injured>{NUM})\s+(?:autres\s+)?(?:personnes\s+)?(?:ont\s+été\s+|sont\s+)?"
           r"blessée?s",)
# "... et 10 autres à Atareb": a second toll in the same sentence, for another place.
CASUALTIES_MORE = r"(?P<killed>{NUM})\s+autres\s+(?:à|a|dans|près\s+de)\s+"
HEALTHCARE_ATTACK = (
    r"(?:bombardements?|frappes?|attaques?|pilonnages?|raids?|tirs?|obus|explosions?|assauts?|"
    r"incursions?)\s+(?:[\w'’-]+\s+){0,4}?(?:contre|sur|de|d'|du|des|visant|dans)\s*"
    r"(?:[\w'’-]+\s+){0,3}?(?:l'|d')?(?:{FACILITY})",
    r"(?:{FACILITY})\b[^.;]{0,80}?\b(?:a|ont|avait|avaient)\s+(?:[\w-]+\s+)?été\s+(?:\w+\s+)?"
    r"(?:bombardée?s?|"
    r"frappée?s?|touchée?s?|détruite?s?|visée?s?|attaquée?s?|pilonnée?s?|pillée?s?|dévastée?s?|"
    r"mise?s?\s+hors\s+(?:service|d'usage)|endommagée?s?|prise?s?\s+d'assaut|investie?s?)",
    r"(?:bombardé|frappé|touché|détruit|visé|pilonné|dévasté|pillé|attaqué|endommagé|"
    r"investi)e?s?\s+(?:[\w'’-]+\s+){0,3}?(?:l'|d')?(?:{FACILITY})",
    r"(?:{FACILITY})\b[^.;]{0,120}?\b(?:entrée|irruption|incursion|intrusion|assaut)\s+"
    r"(?:\w+\s+){0,2}?(?:des|de)\s+(?:forces|troupes|soldats|militaires|hommes\s+armés|"
    r"combattants|miliciens)",
    r"ouvert\s+le\s+feu\s+(?:sur|contre|dans)\s+(?:[\w'’-]+\s+){0,5}?(?:l'|d')?(?:{FACILITY})",
    r"fait\s+irruption\s+(?:à|dans)\s+(?:l'|le\s+|la\s+|les\s+|une?\s+)?(?:{FACILITY})",
    r"pillée?s?\s+(?:[\w'’-]+\s+){0,8}?(?:l'|d')?(?:{FACILITY})",
)
HEALTHCARE_ATTACK_NOT = (r"collecte", r"\bdons?\b", r"inaugur", r"financement", r"gala",
                         r"construction", r"rénov", r"ordres?\s+d'évacuation",
                         r"n'(?:a|ont|avait|avaient)\s+pas\s+été\s+(?:\w+\s+)?(?:touchée?s?|"
                         r"frappée?s?|endommagée?s?|visée?s?|détruite?s?)",
                         r"sans\s+(?:être\s+)?(?:touchée?s?|endommagée?s?)")
FACILITIES = (r"hôpitaux", r"hôpital", r"cliniques?", r"maternités?", r"centres?\s+de\s+santé",
              r"centres?\s+médicaux", r"postes?\s+de\s+santé", r"dispensaires?", r"ambulances?",
              r"banques?\s+de\s+sang", r"établissements?\s+de\s+santé",
              r"structures?\s+(?:médicales?|de\s+santé)")
# Words that join facilities into one list ("quatre hôpitaux et une banque de sang").
FACILITY_JOINERS = (",", "et", "ainsi que")
DISPLACEMENT = (
    # the subject may carry an aside: "400.000 personnes, soit la moitié des habitants, ont fui"
    r"(?P<people>{NUM})\s+(?:[\w'’-]+,?\s+){0,5}?(?:[^,.;]{1,70},\s+)?(?:ont|avaient|sont)\s+"
    r"(?:\w+\s+){0,2}?(?:fui|"
    r"été\s+déplacée?s|quitté|été\s+évacuée?s|été\s+chassée?s|dû\s+fuir|pris\s+la\s+fuite|"
    r"traversé\s+"
    r"(?:\w+\s+){0,2}?la\s+frontière|trouvé\s+refuge)",
    r"(?P<people>{NUM})\s+(?:personnes|habitants|civils|familles)\b[^.;]{0,80}?\bpour\s+fuir",
    r"(?P<people>{NUM})\s+(?:[\w'’-]+\s+){0,4}?se\s+sont\s+réfugiée?s",
    r"(?P<people>{NUM})\s+(?:de\s+|d')?déplacée?s", r"déplacé\s+(?P<people>{NUM})",
    r"poussé\s+(?:plus\s+de\s+|près\s+de\s+|quelque\s+)?(?P<people>{NUM})\s+(?:[\w'’-]+\s+){0,2}?"
    r"à\s+(?:fuir|quitter)",
    r"évacuation\s+de\s+(?P<people>{NUM})", r"exode\s+de\s+(?P<people>{NUM})",
    r"évacuée?s?\s+(?P<people>{NUM})",
    r"(?:{VAGUE})\s+(?:[\w'’-]+\s+){0,6}?(?:ont\s+)?afflué",
)
DISPLACEMENT_NOT = (*_BACKGROUND_SINCE, r"jusqu'à\s+présent", r"moitié\s+de\s+la\s+population", _WAR_TOLL,
                    r"touristes", r"vacanciers", r"\bretour\b", r"rentrer")
FAMINE = (
    r"\bfamine\b", r"morte?s?\s+de\s+(?:faim|malnutrition|inanition)", r"mourir\s+de\s+faim",
    r"décès\s+(?:liés|dus)\s+à\s+la\s+(?:faim|malnutrition)",
    r"succombé\s+à\s+la\s+(?:faim|malnutrition)",
)
FAMINE_NOT = (r"risque\s+de\s+famine", r"menace\s+de\s+famine", r"bord\s+de\s+la\s+famine",
              r"éviter\s+(?:une|la)\s+famine", r"grève\s+de\s+la\s+faim", r"anniversaire",
              r"historique", r"roman", r"\bfilm\b", r"commémor", r"prévoi\w*\s+une\s+famine",
              r"pourrait", r"menacée?s?\s+(?:de|par)\s+(?:la\s+)?famine", r"imminente?",
              r"guette", _HISTORIC_YEAR)
FAMINE_DEATHS = (r"(?P<deaths>{NUM})\s+(?:[\w'’-]+,?\s+){0,6}?(?:sont\s+|étaient\s+)?morte?s?\s+"
                 r"de\s+(?:faim|malnutrition|inanition)",
                 r"(?P<deaths>{NUM})\s+(?:\w+\s+){0,3}?(?:ont\s+)?succombé",
                 r"(?P<deaths>{NUM})\s+décès")
POPULATION = (r"(?P<population>{NUM})\s+(?:habitants|âmes|résidents)",
              r"(?P<population>{NUM})\s+(?:personnes|civils)\s+(?:\w+\s+){0,3}?(?:vivent|vivaient|"
              r"prises?\s+au\s+piège|sont\s+(?:toujours\s+)?(?:prises?|piégée?s|bloquée?s|"
              r"assiégée?s|encerclée?s)|restent|piégée?s|résident)",
              r"population\s+de\s+(?P<population>{NUM})",
              r"(?:vivent|vivaient|résident|restent|demeurent)\s+(?:encore\s+|toujours\s+)?"
              r"(?P<population>{NUM})\s+(?:personnes|habitants|civils|âmes)")

# Cheap word stems: a sentence is read for a type only if it holds one of that type's stems.
# Each stem must occur in every text a trigger of its type matches (a test checks this on
# the corpora); the narrower the stems, the fewer sentences are read.
CUES = {
    "siege": ("assiég", "assièg", "encercl", "siège", "blocus", "piège", "coupé"),
    "siege_lifted": ("lev", "bris", "romp", "fin"),
    "aid_blocked": ("aide", "convoi", "camion", "livraison", "assistance", "accès", "couloir",
                    "corridor", "cargaison", "vivres", "entrer", "parvenir", "accéder",
                    "parvien", "conteneur"),
    # A stem is a prefix: "opération humanitaire" is a cue of "opération humanitaires" too.
    "aid_delivered": ("convoi", "camion", "livr", "achemin", "distribu", "entrer", "parvenir",
                      *(f"{what}{plural} {whose}" for what in ("opération", "mission", "équipe")
                        for plural in ("", "s")
                        for whose in ("humanitaire", "d'évacuation", "de secours"))),
    "stock_depletion": ("tarir", "tari", "épuis", "pénurie", "manqu", "court", "n'a", "n'ont",
                        "amenuis", "touch", "dureront", "durera", "tiendr", "suffir", "privé",
                        "sans", "faute", "à sec", "derni", "quoi tenir", "n'y a plus",
                        "n'y en a plus", "ne reste"),
    "casualties": ("tué", "tuant", "mort", "victime", "blessé", "péri", "la vie"),
    "healthcare_attack": ("hôpita", "clinique", "maternité", "santé", "médica", "dispensaire",
                          "ambulance", "banque"),
    "displacement": ("fui", "fuir", "fuite", "déplac", "quitté", "évacu", "réfugi", "exode", "chass",
                     "traversé", "refuge", "afflu"),
    "famine": ("famine", "faim", "malnutrition", "inanition"),
}
