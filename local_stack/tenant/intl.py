"""Spanish and German phrasebooks for the few calls held in the customer's language.

Smaller than the English one on purpose: a handful of non-English calls per tenant is enough for downstream
steps to prove they cope with other languages (language codes ``spa``/``deu``, accented text). Only the
scenarios listed in ``SCENARIOS`` can occur in these calls.
"""

from __future__ import annotations

from functools import cache

FILLER: dict[str, dict[str, tuple[str, ...]]] = {
    "spa": {
        "greeting_rep": ("Hola {contact}, gracias por tu tiempo.", "Buenos días {contact}, ¿me oyes bien?"),
        "greeting_cust": (
            "Hola {rep}, sí, te oigo perfectamente.",
            "Buenos días, gracias por organizar la reunión.",
        ),
        "smalltalk_rep": (
            "¿Qué tal el fin de semana?",
            "¿Cómo va el trimestre por vuestro lado?",
            "¿Seguís trabajando en remoto la mayoría de días?",
        ),
        "smalltalk_cust": (
            "Muy bien, gracias, bastante tranquilo.",
            "Con mucho trabajo, pero bien.",
            "Hemos tenido unas semanas intensas con la planificación.",
        ),
        "agenda_rep": (
            "Hoy me gustaría repasar vuestro proceso actual y después enseñaros la plataforma.",
            "La idea es dedicar la mayor parte del tiempo a la demo y dejar tiempo para preguntas.",
        ),
        "discovery_q_rep": (
            "¿Cómo mide hoy el equipo la precisión del forecast?",
            "¿Quién más participaría en una decisión así?",
            "¿Cuántos comerciales usarían la herramienta desde el primer día?",
            "¿Qué os gustaría mejorar primero en el proceso de coaching?",
            "¿Dónde se pierde más tiempo manual hoy en día?",
        ),
        "discovery_s_rep": (
            "Me gustaría entender cómo medís hoy la precisión del forecast.",
            "Normalmente empezamos por el proceso de coaching.",
            "Cuéntame un poco más sobre el equipo comercial.",
        ),
        "discovery_a_cust": (
            "Ahora mismo todo está en Salesforce y en varias hojas de cálculo.",
            "Tenemos unos cuarenta comerciales y seis managers.",
            "Revisamos el forecast cada lunes y nos lleva casi dos horas.",
            "El coaching depende mucho de cada manager, no hay un proceso común.",
            "La dirección quiere más visibilidad sobre el pipeline.",
        ),
        "demo_rep": (
            "Esta es la pantalla principal, cada tarjeta es una oportunidad que ha cambiado esta semana.",
            "Si entro en esta llamada, veis la transcripción sincronizada con la grabación.",
            "Aquí podéis filtrar por equipo, por etapa o por cualquier campo del CRM.",
            "Los temas de la izquierda se detectan automáticamente en las llamadas.",
            "Los managers pueden dejar comentarios en cualquier momento de la llamada.",
            "Todo se sincroniza con Salesforce sin que los comerciales tengan que hacer nada.",
        ),
        "demo_check_rep": ("¿Tiene sentido hasta aquí?", "¿Alguna pregunta antes de seguir?"),
        "demo_check_s_rep": ("Seguimos con la siguiente parte.", "Luego vemos las preguntas."),
        "demo_q_cust": (
            "¿Funciona también con Microsoft Teams?",
            "¿Cuánto tarda en sincronizar con el CRM?",
            "¿Los managers solo ven a su propio equipo?",
        ),
        "demo_a_rep": (
            "Sí, eso viene incluido.",
            "Buena pregunta, se configura por equipo.",
            "Normalmente en pocos minutos.",
        ),
        "ack_rep": ("Entendido.", "Tiene sentido.", "Perfecto, gracias."),
        "ack_cust": ("Vale.", "Entendido.", "Claro.", "Sí, sí."),
        "reaction_positive": (
            "¡Me encanta, es justo lo que necesitamos!",
            "Esto nos ahorraría muchísimo tiempo.",
            "Muy buena pinta, la verdad.",
        ),
        "reaction_negative": (
            "Sinceramente, eso nos preocupa bastante.",
            "Es un problema serio para nosotros.",
            "No estoy convencido de que funcione en nuestro caso.",
        ),
        "reaction_neutral": ("Vale, lo tendremos que ver.", "Entiendo.", "De acuerdo."),
    },
    "deu": {
        "greeting_rep": (
            "Hallo {contact}, danke, dass Sie sich die Zeit nehmen.",
            "Guten Morgen {contact}, können Sie mich gut hören?",
        ),
        "greeting_cust": ("Hallo {rep}, ja, ich höre Sie gut.", "Guten Morgen, danke für die Einladung."),
        "smalltalk_rep": (
            "Wie war Ihr Wochenende?",
            "Wie läuft das Quartal bei Ihnen?",
            "Sind Sie noch überwiegend im Homeoffice?",
        ),
        "smalltalk_cust": (
            "Gut, danke, angenehm ruhig.",
            "Viel los, aber alles gut.",
            "Wir stecken mitten in der Jahresplanung.",
        ),
        "agenda_rep": (
            "Heute würde ich gern kurz Ihren aktuellen Prozess verstehen und dann die Plattform zeigen.",
            "Ich schlage vor, dass wir den Großteil der Zeit in der Demo verbringen.",
        ),
        "discovery_q_rep": (
            "Wie messen Sie heute die Genauigkeit Ihres Forecasts?",
            "Wer wäre noch an so einer Entscheidung beteiligt?",
            "Wie viele Vertriebler würden das Tool ab dem ersten Tag nutzen?",
            "Wo entsteht heute der meiste manuelle Aufwand?",
            "Wie läuft das Coaching im Team aktuell ab?",
        ),
        "discovery_s_rep": (
            "Mich interessiert, wie Sie heute den Forecast erstellen.",
            "Erzählen Sie mir gern mehr über das Vertriebsteam.",
            "Meistens fangen wir beim Coaching an.",
        ),
        "discovery_a_cust": (
            "Im Moment läuft alles über Salesforce und ein paar Excel-Listen.",
            "Wir haben ungefähr fünfzig Vertriebler und acht Teamleiter.",
            "Der Forecast wird jeden Montag besprochen und das dauert fast zwei Stunden.",
            "Das Coaching hängt stark vom jeweiligen Teamleiter ab.",
            "Die Geschäftsführung möchte mehr Transparenz in der Pipeline.",
        ),
        "demo_rep": (
            "Das ist die Startseite, jede Karte ist eine Opportunity, die sich diese Woche geändert hat.",
            "Wenn ich hier in den Call klicke, sehen Sie das Transkript synchron zur Aufnahme.",
            "Hier können Sie nach Team, Phase oder jedem Feld aus dem CRM filtern.",
            "Die Themen links werden automatisch aus den Gesprächen erkannt.",
            "Führungskräfte können an jeder Stelle im Gespräch einen Kommentar hinterlassen.",
            "Alles wird automatisch mit Salesforce synchronisiert.",
        ),
        "demo_check_rep": ("Ist das soweit verständlich?", "Gibt es Fragen, bevor ich weitermache?"),
        "demo_check_s_rep": ("Ich mache mit dem nächsten Teil weiter.", "Fragen nehmen wir am Ende auf."),
        "demo_q_cust": (
            "Funktioniert das auch mit Microsoft Teams?",
            "Wie lange dauert die Synchronisierung?",
            "Sehen Teamleiter nur ihr eigenes Team?",
        ),
        "demo_a_rep": (
            "Ja, das ist standardmäßig enthalten.",
            "Gute Frage, das ist pro Team konfigurierbar.",
            "In der Regel innerhalb weniger Minuten.",
        ),
        "ack_rep": ("Verstanden.", "Das ergibt Sinn.", "Danke, das hilft."),
        "ack_cust": ("Okay.", "Verstehe.", "Genau.", "Ja."),
        "reaction_positive": (
            "Das gefällt mir sehr gut, genau das brauchen wir!",
            "Das würde uns enorm viel Zeit sparen.",
            "Sieht wirklich super aus.",
        ),
        "reaction_negative": (
            "Ehrlich gesagt macht mir das ziemliche Sorgen.",
            "Das ist für uns ein echtes Problem.",
            "Ich bin nicht überzeugt, dass das bei uns funktioniert.",
        ),
        "reaction_neutral": ("Okay, das müssen wir prüfen.", "Verstehe.", "In Ordnung."),
    },
}

SCENARIOS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "spa": {
        "pricing_objection": {
            "customer": (
                "Sinceramente, {amount} al año es mucho más de lo que teníamos presupuestado.",
                "¿Podéis mejorar el precio por licencia?",
                "El precio es el principal obstáculo para nosotros.",
            ),
            "rep": (
                "Entiendo. Si firmamos a dos años puedo mejorar el precio por usuario.",
                "Déjame hablarlo con mi manager y vemos qué descuento podemos ofrecer.",
            ),
        },
        "competitor": {
            "customer": (
                "También estamos evaluando {competitor}.",
                "{competitor} nos enseñó algo muy parecido.",
                "¿En qué os diferenciáis de {competitor}?",
            ),
            "rep": ("Buena pregunta. La gran diferencia con {competitor} es la integración con el CRM.",),
        },
        "budget": {
            "customer": (
                "Tenemos el presupuesto congelado hasta {quarter}.",
                "Finanzas ha recortado el presupuesto de herramientas este año.",
            ),
            "rep": ("Entendido. ¿Cuándo empieza la planificación del año que viene?",),
        },
        "enthusiastic_champion": {
            "customer": (
                "¡Esto es exactamente lo que estábamos buscando!",
                "Me encanta cómo funciona {product}.",
            ),
            "rep": ("¡Qué bien, muchas gracias!",),
        },
        "positive_close": {
            "customer": (
                "Adelante, enviadnos el contrato y lo firmamos antes del {date}.",
                "Queremos seguir adelante con {product} por {amount}.",
            ),
            "rep": ("Perfecto. Hoy mismo os envío el contrato y empezamos el {date}.",),
        },
    },
    "deu": {
        "pricing_objection": {
            "customer": (
                "Ehrlich gesagt liegen {amount} pro Jahr deutlich über unserem Budget.",
                "Können Sie beim Preis pro Lizenz noch etwas machen?",
                "Der Preis ist für uns das größte Problem.",
            ),
            "rep": (
                "Verstehe. Bei zwei Jahren Laufzeit kann ich den Preis pro Nutzer senken.",
                "Ich kläre mit meinem Manager, welchen Rabatt wir anbieten können.",
            ),
        },
        "competitor": {
            "customer": (
                "Wir evaluieren auch {competitor}.",
                "{competitor} hat uns etwas sehr Ähnliches gezeigt.",
                "Was unterscheidet Sie von {competitor}?",
            ),
            "rep": ("Gute Frage. Der größte Unterschied zu {competitor} ist die CRM-Integration.",),
        },
        "legal_security": {
            "customer": (
                "Unser Datenschutzbeauftragter braucht den AVV und eine DSGVO-Prüfung.",
                "Ohne den SOC 2 Bericht kommen wir nicht weiter.",
                "Der Betriebsrat muss der Aufzeichnung von Gesprächen zustimmen.",
            ),
            "rep": ("Selbstverständlich, ich schicke Ihnen den SOC 2 Bericht heute noch.",),
        },
        "enthusiastic_champion": {
            "customer": (
                "Das ist genau das, wonach wir gesucht haben!",
                "Mir gefällt sehr, wie {product} das löst.",
            ),
            "rep": ("Das freut mich sehr, danke!",),
        },
        "positive_close": {
            "customer": (
                "Lassen Sie uns loslegen, schicken Sie den Vertrag und wir unterschreiben bis {date}.",
                "Wir möchten mit {product} für {amount} starten.",
            ),
            "rep": ("Wunderbar. Ich schicke den Vertrag heute und wir starten am {date}.",),
        },
    },
}

NEXT_STEPS: dict[str, dict[str, tuple[str, ...]]] = {
    "spa": {
        "rep": (
            "Como siguiente paso, os envío el resumen y la propuesta antes del {date}.",
            "¿Agendamos la sesión técnica para el {date}? Os mando la invitación.",
        ),
        "customer": ("Perfecto, lo comparto con el equipo.", "De acuerdo, nos vemos entonces."),
    },
    "deu": {
        "rep": (
            "Als nächsten Schritt schicke ich Ihnen bis {date} die Zusammenfassung und das Angebot.",
            "Sollen wir den technischen Termin für den {date} ansetzen? Ich schicke die Einladung.",
        ),
        "customer": ("Passt, ich teile das mit dem Team.", "Gut, dann sprechen wir uns dann."),
    },
}
NO_NEXT_STEPS: dict[str, tuple[str, ...]] = {
    "spa": ("Bueno, lo dejamos aquí por ahora.", "Ya os diremos algo si cambia la situación."),
    "deu": ("Gut, dann belassen wir es erstmal dabei.", "Wir melden uns, falls sich etwas ändert."),
}
CLOSING: dict[str, tuple[str, ...]] = {
    "spa": ("Muchas gracias por vuestro tiempo.", "Gracias a ti, hasta pronto."),
    "deu": ("Vielen Dank für Ihre Zeit.", "Danke Ihnen, bis bald."),
}
MONTHS: dict[str, tuple[str, ...]] = {
    "spa": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    "deu": (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
}


@cache
def pools(language: str) -> dict[str, tuple[tuple[str, int, str], ...]]:
    """Filler pools for ``language`` ("spa" or "deu") in the same shape as the English ones."""
    return {
        section: tuple((t, t.count(" ") + 1, t) for t in texts)
        for section, texts in FILLER[language].items()
        if "{" not in "".join(texts)
    }
