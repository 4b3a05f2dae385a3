"""Genuine mail in Portuguese, Spanish, French, German, Italian, Dutch, Polish and Romanian must not be called
phishing or suspicious.

Health and care organisations employ many people whose family, bank, post office, tax office and overseas
colleagues write to them in another language. The engine's phrase lists speak those languages too, so the real
bank notice about a card expiring, the real "your password was changed", the real parcel notice, bill, tax
letter, newsletter with "última chance" and a relative's "você pode me fazer um favor?" must pass as the English
ones do. Each email below comes out "safe" or "spam" and scores below 20 (ten points under the suspicious
threshold of 30), unless a comment says why it is borderline by design.

Every email here was written for this test; names, numbers, codes and links are made up in the real services'
formats. The mail builder is shared with the English tests.
"""

from __future__ import annotations

import pytest

from carecyber.phishing.engine import triage
from carecyber.phishing.tests.test_engine_genuine_services_mail import gmail_passed
from carecyber.phishing.tests.test_engine_genuine_workplace_mail import (
    FLAGGED,
    PDF,
    Genuine,
    changed,
    codes,
    mail,
    passed,
)

MARGIN = 20  # a genuine email should stay ten points below the suspicious threshold (30)
HOME = "jane.doe.ward12@gmail.com"


def webmail_passed(domain: str, sender: str) -> str:
    """Gmail's record of a personal message from another webmail account that passed every check."""
    return (
        f"mx.google.com; dkim=pass header.i=@{domain} header.s=20230601 header.b=Kp3q8ZtR; spf=pass (google.com: "
        f"domain of {sender} designates 209.85.220.41 as permitted sender) smtp.mailfrom={sender}; "
        f"dmarc=pass (p=NONE sp=QUARANTINE dis=NONE) header.from={domain}"
    )


def note(sender: str, subject: str, text: str, to: str = HOME) -> bytes:
    """A personal note from a webmail account, as Gmail receives it."""
    address = sender.rpartition("<")[2].rstrip(">")
    return mail(sender, subject, auth=webmail_passed(address.rpartition("@")[2], address), to=to, text=text)


def calendar(organiser: str, attendee: str, summary: str, description: str, location: str) -> str:
    return "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "METHOD:REQUEST",
            "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
            "VERSION:2.0",
            "BEGIN:VEVENT",
            f"ORGANIZER;CN={organiser}:mailto:{organiser}",
            f"ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{attendee}",
            f"DESCRIPTION:{description}",
            "UID:7kq2m9x4b1c3d5e6f8g0h2j4l6@google.com",
            f"SUMMARY:{summary}",
            "DTSTART:20261203T170000Z",
            "DTEND:20261203T180000Z",
            f"LOCATION:{location}",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )


# ---------------------------------------------------------------------------------------------------------------
# Brazilian Portuguese
# ---------------------------------------------------------------------------------------------------------------
ITAU_CARD_EXPIRING = mail(
    "Itaú <comunicado@itau.com.br>",
    "Seu cartão Itaú vence em dezembro: o novo já está a caminho",
    auth=gmail_passed("itau.com.br"),
    to=HOME,
    html=(
        "<p>Olá, Jane,</p><p>O seu cartão Itaú Visa final 4417 vence em 12/2026. Para você não ficar sem cartão, "
        "o novo já foi enviado para o endereço cadastrado e deve chegar em até 10 dias úteis.</p>"
        "<p>Quando ele chegar, desbloqueie pelo app Itaú, em Cartões &gt; Desbloquear cartão. A sua senha do "
        "cartão continua a mesma.</p><p>Dica de segurança: o Itaú nunca liga, envia SMS ou e-mail pedindo sua "
        "senha, o código do token ou dados do cartão. Na dúvida, fale com a gente pelos canais oficiais.</p>"
        '<p><a href="https://www.itau.com.br/cartoes">Saiba mais sobre seus cartões</a></p>'
        "<p>Itaú Unibanco S.A. – Praça Alfredo Egydio de Souza Aranha, 100, São Paulo – SP. Este é um e-mail "
        "automático, por favor não responda.</p>"
    ),
)

NUBANK_PASSWORD_CHANGED = mail(
    "Nubank <meajuda@nubank.com.br>",
    "Sua senha foi alterada",
    auth=gmail_passed("nubank.com.br"),
    to=HOME,
    html=(
        "<p>Oi, Jane!</p><p>A senha da sua conta Nubank foi alterada hoje, 16/11/2026, às 09:02, pelo app em "
        "um iPhone.</p><p>Se foi você, está tudo certo e não precisa fazer nada.</p><p>Se você não reconhece "
        "essa alteração, fale com a gente pelo chat do app ou pelo telefone 0800 591 2117, a qualquer hora.</p>"
        "<p>O Nubank nunca pede sua senha, seu token ou códigos por e-mail, SMS ou ligação.</p>"
        '<p><a href="https://nubank.com.br/seguranca/">Dicas de segurança</a></p>'
        "<p>Nu Pagamentos S.A. – Instituição de Pagamento. CNPJ 18.236.120/0001-58.</p>"
    ),
)

CORREIOS_OUT_FOR_DELIVERY = mail(
    "Correios <naoresponda@correios.com.br>",
    "Objeto saiu para entrega ao destinatário – QB482019374BR",
    auth=gmail_passed("correios.com.br"),
    to=HOME,
    text=(
        "Prezado(a) cliente,\n\nO objeto QB482019374BR saiu para entrega ao destinatário em 16/11/2026 às "
        "08:14, em Campinas/SP.\n\nRemetente: Loja Livraria Cultura\n\nAcompanhe o seu objeto em "
        "https://rastreamento.correios.com.br/app/index.php?objetos=QB482019374BR\n\n"
        "Os Correios não enviam mensagens pedindo pagamento de taxas por link. Tributos de importação são pagos "
        "somente pelo site Minhas Importações.\n\nEsta é uma mensagem automática, não é necessário respondê-la.\n"
        "Correios"
    ),
)

ENEL_BILL = mail(
    "Enel Distribuição São Paulo <conta.digital@enel.com>",
    "Sua conta de energia de novembro já está disponível",
    auth=gmail_passed("enel.com"),
    to=HOME,
    html=(
        "<p>Olá, Jane Doe</p><p>A sua conta de energia referente a novembro/2026 já está disponível.</p>"
        "<table><tr><td>Instalação</td><td>4012338871</td></tr><tr><td>Valor</td><td>R$ 187,42</td></tr>"
        "<tr><td>Vencimento</td><td>05/12/2026</td></tr></table>"
        "<p>Pague com Pix ou código de barras pelo app Enel SP. Se a conta estiver em débito automático, o "
        "valor será debitado na data do vencimento.</p>"
        '<p><a href="https://www.enel.com.br/pt-saopaulo/Para_Voce/segunda-via.html">Ver segunda via</a></p>'
        "<p>Enel Distribuição São Paulo – Av. das Nações Unidas, 14401.</p>"
    ),
    attachments=(("conta-novembro-2026.pdf", "application/pdf", PDF),),
)

GOVBR_PASSWORD_CHANGED = mail(
    "gov.br <naoresponda@acesso.gov.br>",
    "Alteração de senha da sua conta gov.br",
    auth=gmail_passed("acesso.gov.br"),
    to=HOME,
    text=(
        "Olá, JANE DOE,\n\nA senha da sua conta gov.br foi alterada em 15/11/2026 às 21:37.\n\nSe você fez "
        "essa alteração, desconsidere esta mensagem.\n\nSe não reconhece essa alteração, acesse "
        "https://acesso.gov.br e recupere sua conta, depois ative a verificação em duas etapas.\n\nO gov.br "
        "não envia links para atualização de dados, nem pede sua senha por e-mail.\n\nGoverno Federal"
    ),
)

NEWSLETTER_PT = mail(
    "Livraria Travessa <novidades@travessa.com.br>",
    "Última chance: 30% off em livros de saúde até domingo",
    auth=gmail_passed("travessa.com.br", "mail182.suw121.mcdlv.net"),
    to=HOME,
    html=(
        "<h1>Última chance!</h1><p>A semana do livro técnico termina neste domingo, 22/11. Todos os livros de "
        "enfermagem, saúde e cuidado com 30% de desconto.</p>"
        '<p><a href="https://travessa.us12.list-manage.com/track/click?u=6f2c1a&amp;id=8b3e2d&amp;e=4f1a9c">'
        "Ver os livros</a></p>"
        '<p style="font-size:12px">Você está recebendo este e-mail porque se cadastrou na Livraria Travessa.<br>'
        '<a href="https://travessa.us12.list-manage.com/unsubscribe?u=6f2c1a&amp;id=8b3e2d">Cancelar inscrição</a>'
        " | Rua Visconde de Pirajá, 572 – Rio de Janeiro</p>"
    ),
)

RELATIVE_FAVOUR_PT = note(
    "Marcia Souza <marcia.souza82@gmail.com>",
    "Oi, tudo bem?",
    "Oi, Jane! Tudo bem por aí?\n\nVocê pode me fazer um favor? Quando você vier em dezembro, traz aquele chá "
    "de camomila inglês que a mamãe gosta? Aqui não acho de jeito nenhum.\n\nA mamãe tá bem, a consulta com o "
    "cardiologista foi ótima. Manda um beijo pro Tom.\n\nSaudade!\nMarcia",
)

CLINIC_REMINDER_PT = mail(
    "Clínica Vida Plena <agendamento@clinicavidaplena.com.br>",
    "Lembrete: sua consulta é amanhã, 17/11, às 14h30",
    auth=gmail_passed("clinicavidaplena.com.br"),
    to=HOME,
    text=(
        "Olá, Jane,\n\nLembramos que sua consulta com a Dra. Helena Prado (clínica geral) está marcada para "
        "amanhã, 17/11/2026, às 14h30.\n\nEndereço: Rua Barão de Jaguara, 1200, sala 34 – Campinas/SP\n\n"
        "Por favor, chegue com 15 minutos de antecedência e traga um documento com foto e a carteirinha do "
        "convênio.\n\nPara confirmar ou remarcar, responda este e-mail ou ligue para (19) 3231-4455.\n\n"
        "Clínica Vida Plena"
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# Spanish
# ---------------------------------------------------------------------------------------------------------------
BBVA_CARD_EXPIRING = mail(
    "BBVA <bbva@comunicaciones.bbva.es>",
    "Tu tarjeta caduca pronto: ya te hemos enviado la nueva",
    auth=gmail_passed("comunicaciones.bbva.es"),
    to=HOME,
    html=(
        "<p>Hola, Jane:</p><p>Tu tarjeta Aqua terminada en 4417 caduca el 30/11/2026. Te hemos enviado una "
        "nueva a tu domicilio y la recibirás en los próximos días.</p><p>Cuando la recibas, actívala desde la "
        "app BBVA. Tu PIN será el mismo. La tarjeta antigua dejará de funcionar cuando actives la nueva.</p>"
        "<p>Recuerda: BBVA nunca te pedirá tus claves, el PIN ni códigos de firma por email, SMS o teléfono.</p>"
        '<p><a href="https://www.bbva.es/personas/productos/tarjetas.html">Más información</a></p>'
        "<p>Banco Bilbao Vizcaya Argentaria, S.A. – Plaza de San Nicolás, 4, 48005 Bilbao.</p>"
    ),
)

GOOGLE_NEW_SIGNIN_ES = mail(
    "Google <no-reply@accounts.google.com>",
    "Alerta de seguridad",
    auth=gmail_passed("accounts.google.com"),
    to=HOME,
    html=(
        "<h1>Nuevo inicio de sesión en Windows</h1><p>" + HOME + "</p><p>Hemos detectado un nuevo inicio de "
        "sesión en tu cuenta de Google desde un dispositivo Windows. Si has sido tú, no tienes que hacer nada. Si "
        "no, te ayudaremos a proteger tu cuenta.</p>"
        '<a href="https://accounts.google.com/AccountChooser?Email=' + HOME + "&amp;continue=https://"
        'myaccount.google.com/alert/nt/1763283884000?rfn%3D325%26rfnc%3D1">Consultar actividad</a>'
        "<p>También puedes ver la actividad de seguridad en https://myaccount.google.com/notifications</p>"
        "<p>Te hemos enviado este correo para informarte de cambios importantes en tu cuenta y en los servicios "
        "de Google.<br>&copy; 2026 Google LLC, 1600 Amphitheatre Parkway, Mountain View, CA 94043, USA</p>"
    ),
)

CORREOS_ES = mail(
    "Correos <notificaciones@correos.es>",
    "Tu envío PQ4B2K0701234560128001X llega mañana",
    auth=gmail_passed("correos.es"),
    to=HOME,
    html=(
        "<p>Hola,</p><p>Tu envío de <b>Casa del Libro</b> está en camino y lo entregaremos mañana, 17/11/2026, "
        "entre las 9:00 y las 14:00.</p><p>Si no vas a estar, puedes elegir otra fecha o que lo dejemos en tu "
        "oficina de Correos más cercana.</p>"
        '<p><a href="https://www.correos.es/es/es/herramientas/localizador/envios/detalle?tracking-number='
        'PQ4B2K0701234560128001X">Seguir mi envío</a></p>'
        "<p>Correos nunca te pedirá pagos por SMS o email para entregar un envío nacional.</p>"
        "<p>Sociedad Estatal Correos y Telégrafos, S.A., S.M.E.</p>"
    ),
)

MOVISTAR_BILL = mail(
    "Movistar <factura@movistar.es>",
    "Tu factura de noviembre ya está disponible",
    auth=gmail_passed("movistar.es"),
    to=HOME,
    html=(
        "<p>Hola, Jane:</p><p>Ya tienes disponible tu factura de noviembre de 2026.</p><table>"
        "<tr><td>Importe</td><td>54,90 €</td></tr><tr><td>Fecha de cargo</td><td>05/12/2026</td></tr>"
        "<tr><td>Cuenta de cargo</td><td>ES** **** **** **** **** 7731</td></tr></table>"
        "<p>El importe se cargará en tu cuenta en la fecha indicada. Puedes consultar el detalle en la app Mi "
        'Movistar.</p><p><a href="https://www.movistar.es/mimovistar-cliente/es-es/particulares/facturas">Ver '
        "factura</a></p><p>Telefónica de España, S.A.U. – Ronda de la Comunicación s/n, 28050 Madrid.</p>"
    ),
)

AEAT_NOTICE = mail(
    "Agencia Tributaria <notificaciones@correo.aeat.es>",
    "Aviso: tiene una comunicación de la Agencia Tributaria",
    auth=gmail_passed("correo.aeat.es"),
    to=HOME,
    text=(
        "Estimado/a contribuyente:\n\nLe informamos de que tiene a su disposición una comunicación de la Agencia "
        "Tributaria relativa a su declaración de la Renta 2025.\n\nPuede consultarla en la Sede electrónica, en "
        "el apartado Mis notificaciones, identificándose con Cl@ve, certificado o DNI electrónico: "
        "https://sede.agenciatributaria.gob.es\n\nEste mensaje es solo un aviso; no contiene enlaces para "
        "introducir datos personales ni le pedirá pagos. Por favor, no responda a este correo.\n\n"
        "Agencia Estatal de Administración Tributaria"
    ),
)

NEWSLETTER_ES = mail(
    "Decathlon <noticias@news.decathlon.es>",
    "Última oportunidad: 20% en calzado de running",
    auth=gmail_passed("news.decathlon.es", "bounce.sendinblue.com"),
    to=HOME,
    html=(
        "<h1>Última oportunidad</h1><p>La oferta en zapatillas de running termina este domingo a medianoche. "
        "Elige tu talla antes de que se agoten.</p>"
        '<p><a href="https://r.news.decathlon.es/mk/cl/f/sH4kQ2-xB9fT1mZ">Ver zapatillas</a></p>'
        '<p style="font-size:12px">Recibes este correo porque te suscribiste a las novedades de Decathlon.<br>'
        '<a href="https://r.news.decathlon.es/mk/un/sH4kQ2-xB9fT1mZ">Darse de baja</a> | Decathlon España S.A., '
        "Calle Salvador de Madariaga, 1, 28027 Madrid</p>"
    ),
)

FRIEND_FREE_ES = note(
    "Lucía Fernández <lucia.fernandez.g@hotmail.es>",
    "¿Estás libre el sábado?",
    "¡Hola, Jane!\n\n¿Estás libre el sábado por la tarde? Vamos a celebrar el cumple de Carmen en casa, a "
    "partir de las seis. Trae a Tom si quiere venir.\n\nY otra cosa: ¿me puedes hacer un favor? Si tienes el "
    "número de la fisio que me recomendaste, pásamelo cuando puedas.\n\nUn abrazo,\nLucía",
)

CLINIC_REMINDER_ES = mail(
    "Centro de Salud Delicias <citaprevia@salud.madrid.org>",
    "Recordatorio de su cita: 18/11/2026 a las 10:20",
    auth=gmail_passed("salud.madrid.org"),
    to=HOME,
    text=(
        "Le recordamos que tiene una cita con su médico de familia, Dr. Álvaro Ruiz, el miércoles 18/11/2026 a "
        "las 10:20 en el Centro de Salud Delicias (Paseo de las Delicias, 65).\n\nSi no puede acudir, anule "
        "la cita en la app Cita Sanitaria Madrid o llamando al centro, para que otra persona pueda usarla.\n\n"
        "Comunidad de Madrid – Servicio Madrileño de Salud"
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# French
# ---------------------------------------------------------------------------------------------------------------
CREDIT_AGRICOLE_CARD = mail(
    "Crédit Agricole <info@ca-paris.fr>",
    "Votre carte bancaire arrive à échéance",
    auth=gmail_passed("ca-paris.fr"),
    to=HOME,
    html=(
        "<p>Madame Doe,</p><p>Votre carte Visa se terminant par 4417 arrive à échéance le 30/11/2026. Votre "
        "nouvelle carte sera disponible dans votre agence à partir du 20/11, ou envoyée à votre domicile si "
        "vous l'avez choisi.</p><p>Votre code confidentiel reste inchangé.</p><p>Rappel de sécurité : le "
        "Crédit Agricole ne vous demandera jamais vos identifiants, votre mot de passe ou un code reçu par SMS, "
        "ni par e-mail ni par téléphone.</p>"
        '<p><a href="https://www.credit-agricole.fr/ca-paris/particulier.html">Votre espace client</a></p>'
        "<p>Caisse Régionale de Crédit Agricole Mutuel de Paris et d'Ile-de-France.</p>"
    ),
)

ORANGE_PASSWORD_RESET = mail(
    "Orange <ne-pas-repondre@orange.fr>",
    "Réinitialisation de votre mot de passe Orange",
    auth=gmail_passed("orange.fr"),
    to=HOME,
    text=(
        "Bonjour,\n\nVous avez demandé à réinitialiser le mot de passe de votre compte Orange.\n\nVotre code de "
        "vérification est : 582 913. Il est valable 15 minutes.\n\nSi vous n'êtes pas à l'origine de cette "
        "demande, ignorez ce message : votre mot de passe actuel reste valable.\n\nOrange ne vous demandera "
        "jamais votre mot de passe par e-mail.\n\nL'équipe Orange"
    ),
)

COLISSIMO = mail(
    "Colissimo <noreply@notification.colissimo.fr>",
    "Votre colis 6A24019283746 sera livré demain",
    auth=gmail_passed("notification.colissimo.fr"),
    to=HOME,
    html=(
        "<p>Bonjour,</p><p>Votre colis de <b>Fnac</b> sera livré demain, mardi 17 novembre, entre 9h et 13h.</p>"
        "<p>Vous êtes absent ? Vous pouvez choisir une autre date ou un point de retrait.</p>"
        '<p><a href="https://www.laposte.fr/outils/suivre-vos-envois?code=6A24019283746">Suivre mon colis</a></p>'
        "<p>Colissimo ne vous demande jamais de payer des frais de livraison par SMS.</p><p>La Poste – Société "
        "anonyme au capital de 5 620 325 816 euros – 9 rue du Colonel Pierre Avia, 75015 Paris</p>"
    ),
)

EDF_BILL = mail(
    "EDF <service-client@edf.fr>",
    "Votre facture d'électricité est disponible",
    auth=gmail_passed("edf.fr"),
    to=HOME,
    html=(
        "<p>Bonjour Madame Doe,</p><p>Votre facture du 15/11/2026 est disponible dans votre Espace Client.</p>"
        "<table><tr><td>Montant</td><td>87,34 €</td></tr><tr><td>Date limite de paiement</td><td>05/12/2026</td>"
        "</tr></table><p>Vous êtes mensualisée : aucun paiement n'est à faire, le montant sera prélevé à la date "
        'prévue.</p><p><a href="https://particulier.edf.fr/fr/accueil/espace-client.html">Consulter ma facture</a>'
        "</p><p>EDF SA – 22-30 avenue de Wagram, 75382 Paris cedex 08</p>"
    ),
)

IMPOTS_NOTICE = mail(
    "DGFiP <ne-pas-repondre@dgfip.finances.gouv.fr>",
    "Votre avis d'impôt 2026 est disponible",
    auth=gmail_passed("dgfip.finances.gouv.fr"),
    to=HOME,
    text=(
        "Madame,\n\nVotre avis d'impôt sur les revenus 2025 est disponible dans votre espace particulier sur "
        "impots.gouv.fr, rubrique Documents.\n\nPour y accéder, connectez-vous avec votre numéro fiscal et votre "
        "mot de passe ou avec FranceConnect : https://www.impots.gouv.fr\n\nLa DGFiP ne vous demandera jamais "
        "vos coordonnées bancaires par courriel.\n\nCe message est envoyé automatiquement, merci de ne pas y "
        "répondre.\n\nDirection générale des Finances publiques"
    ),
)

NEWSLETTER_FR = mail(
    "Nature & Découvertes <newsletter@natureetdecouvertes.com>",
    "Dernière chance : -20 % sur les coffrets de Noël",
    auth=gmail_passed("natureetdecouvertes.com", "bounce.sendinblue.com"),
    to=HOME,
    html=(
        "<h1>Dernière chance</h1><p>Les coffrets de Noël sont à -20 % jusqu'à dimanche soir. Offrez un moment "
        "de calme à ceux que vous aimez.</p>"
        '<p><a href="https://r.natureetdecouvertes.com/mk/cl/f/aB3kQ9-zX1">Découvrir les coffrets</a></p>'
        '<p style="font-size:12px">Vous recevez cet e-mail car vous êtes inscrit(e) à notre newsletter.<br>'
        '<a href="https://r.natureetdecouvertes.com/mk/un/aB3kQ9-zX1">Se désinscrire</a> | Nature &amp; '
        "Découvertes, 1 avenue de l'Europe, 78117 Toussus-le-Noble</p>"
    ),
)

COLLEAGUE_FAVOUR_FR = note(
    "Sophie Martin <sophie.martin1979@orange.fr>",
    "Petit service",
    "Coucou Jane,\n\nPeux-tu me rendre un petit service ? Je ne retrouve plus les horaires de la formation "
    "aux premiers secours de décembre. Si tu as le mail de l'association, tu peux me le transférer ?\n\n"
    "Merci et à jeudi,\nSophie",
)

DOCTOLIB_REMINDER = mail(
    "Doctolib <no-reply@doctolib.fr>",
    "Rappel : votre rendez-vous demain à 10h15 avec Dr Claire Petit",
    auth=gmail_passed("doctolib.fr"),
    to=HOME,
    html=(
        "<p>Bonjour Jane Doe,</p><p>Nous vous rappelons votre rendez-vous :</p><p><b>Mardi 17 novembre 2026 à "
        "10h15</b><br>Dr Claire Petit – Médecin généraliste<br>12 rue des Lilas, 75019 Paris</p>"
        "<p>Pensez à apporter votre carte Vitale. En cas d'empêchement, merci d'annuler votre rendez-vous au plus "
        "tard 24 heures à l'avance pour libérer le créneau.</p>"
        '<p><a href="https://www.doctolib.fr/account/appointments">Gérer mon rendez-vous</a></p>'
        "<p>Doctolib SAS, 54 quai Charles Pasqua, 92300 Levallois-Perret</p>"
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# German
# ---------------------------------------------------------------------------------------------------------------
SPARKASSE_CARD = mail(
    "Sparkasse KölnBonn <service@sparkasse-koelnbonn.de>",
    "Ihre neue Sparkassen-Card ist unterwegs",
    auth=gmail_passed("sparkasse-koelnbonn.de"),
    to=HOME,
    html=(
        "<p>Sehr geehrte Frau Doe,</p><p>Ihre Sparkassen-Card (Debitkarte) mit der Endnummer 4417 läuft zum "
        "31.12.2026 ab. Ihre neue Karte haben wir Ihnen bereits per Post geschickt; sie kommt in den nächsten "
        "Tagen an. Ihre PIN bleibt unverändert.</p><p>Bitte vernichten Sie die alte Karte, sobald Sie die neue "
        "zum ersten Mal benutzt haben.</p><p>Sicherheitshinweis: Wir fragen Sie niemals per E-Mail oder Telefon "
        "nach Ihrer PIN, Ihrem Passwort oder einer TAN.</p>"
        '<p><a href="https://www.sparkasse-koelnbonn.de/de/home/service/karten.html">Mehr zu Ihren Karten</a></p>'
        "<p>Sparkasse KölnBonn, Hahnenstraße 57, 50667 Köln</p>"
    ),
)

AMAZON_DE_PASSWORD = mail(
    "Amazon.de <konto-update@amazon.de>",
    "Ihr Passwort wurde geändert",
    auth=gmail_passed("amazon.de"),
    to=HOME,
    html=(
        "<p>Hallo Jane,</p><p>Sie haben das Passwort für Ihr Amazon-Konto geändert. Ab sofort melden Sie sich "
        "mit dem neuen Passwort an.</p><p>Wenn Sie diese Änderung nicht vorgenommen haben, setzen Sie Ihr "
        'Passwort über <a href="https://www.amazon.de/ap/forgotpassword">Passwort vergessen</a> zurück und '
        "wenden Sie sich an unseren Kundenservice.</p><p>Amazon wird Sie niemals per E-Mail nach Ihrem "
        "Passwort fragen.</p><p>Amazon EU S.à r.l., 38 avenue John F. Kennedy, L-1855 Luxemburg</p>"
    ),
)

DHL_TODAY = mail(
    "DHL Paket <noreply@dhl.de>",
    "Ihre DHL Sendung kommt heute",
    auth=gmail_passed("dhl.de"),
    to=HOME,
    html=(
        "<p>Hallo Jane Doe,</p><p>Ihre Sendung 00340434161094042557 von <b>Thalia</b> wird heute zwischen 10:30 "
        "und 13:30 Uhr zugestellt.</p><p>Sie sind nicht zu Hause? Dann können Sie die Sendung sofort an einen "
        "Nachbarn oder eine Packstation umleiten.</p>"
        '<p><a href="https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode='
        '00340434161094042557">Sendung verfolgen</a></p>'
        "<p>Deutsche Post AG, Charles-de-Gaulle-Str. 20, 53113 Bonn</p>"
    ),
)

TELEKOM_BILL = mail(
    "Telekom <rechnung@telekom.de>",
    "Ihre Telekom Rechnung für November 2026",
    auth=gmail_passed("telekom.de"),
    to=HOME,
    html=(
        "<p>Guten Tag Frau Doe,</p><p>Ihre Rechnung für November 2026 ist da.</p><table><tr><td>Betrag</td>"
        "<td>39,95 €</td></tr><tr><td>Abbuchung am</td><td>04.12.2026</td></tr></table><p>Der Betrag wird "
        "per Lastschrift von Ihrem Konto abgebucht. Die Rechnung als PDF finden Sie im Kundencenter: melden "
        "Sie sich dazu mit Ihrem Telekom Login an.</p>"
        '<p><a href="https://www.telekom.de/kundencenter/rechnung">Rechnung ansehen</a></p>'
        "<p>Telekom Deutschland GmbH, Landgrabenweg 151, 53227 Bonn</p>"
    ),
)

ELSTER_NOTICE = mail(
    "ELSTER <noreply@elster.de>",
    "Neue Nachricht in Ihrem ELSTER-Postfach",
    auth=gmail_passed("elster.de"),
    to=HOME,
    text=(
        "Sehr geehrte Nutzerin, sehr geehrter Nutzer,\n\nin Ihrem ELSTER-Postfach liegt eine neue Nachricht "
        "für Sie bereit: Ihr Steuerbescheid für 2025 (Bescheiddatenübermittlung).\n\nBitte melden Sie sich "
        "unter https://www.elster.de an, um die Nachricht abzurufen.\n\nDiese E-Mail wurde automatisch erstellt. "
        "Bitte antworten Sie nicht darauf. ELSTER fordert Sie niemals per E-Mail auf, Zugangsdaten oder "
        "Kontodaten einzugeben.\n\nIhr ELSTER-Team"
    ),
)

NEWSLETTER_DE = mail(
    "Hessnatur <newsletter@hessnatur.com>",
    "Letzte Chance: 20 % auf Wollpullover",
    auth=gmail_passed("hessnatur.com", "mail41.atl161.mcsv.net"),
    to=HOME,
    html=(
        "<h1>Letzte Chance</h1><p>Nur noch bis Sonntag: 20 % auf alle Wollpullover. Jetzt Lieblingsstück "
        "sichern.</p>"
        '<p><a href="https://hessnatur.us7.list-manage.com/track/click?u=2a9c&amp;id=77e1&amp;e=3b2d">Jetzt '
        "entdecken</a></p>"
        '<p style="font-size:12px">Sie erhalten diese E-Mail, weil Sie sich für unseren Newsletter angemeldet '
        'haben.<br><a href="https://hessnatur.us7.list-manage.com/unsubscribe?u=2a9c&amp;id=77e1">Abmelden</a> | '
        "Hess Natur-Textilien GmbH, Marie-Curie-Straße 7, 35510 Butzbach</p>"
    ),
)

FRIEND_NOTE_DE = note(
    "Katrin Weber <katrin.weber74@gmx.de>",
    "Hast du kurz Zeit?",
    "Hallo Jane,\n\nhast du kurz Zeit? Ich wollte fragen, ob du mir das Rezept für den Linsensalat schicken "
    "kannst, den du beim Sommerfest mitgebracht hast. Bitte bestätige mir auch kurz, ob ihr am 12. Dezember "
    "zum Adventskaffee kommt.\n\nViele Grüße aus Köln\nKatrin",
)

GOOGLE_CALENDAR_DE = mail(
    "Markus Schneider <markus.schneider@uniklinik-koeln.de>",
    "Einladung: Fallbesprechung Station 4B @ Do. 3. Dez. 2026 18:00 - 19:00 (MEZ)",
    auth=passed("uniklinik-koeln.de"),
    to=HOME,
    text=(
        "Markus Schneider hat Sie zu diesem Termin eingeladen.\n\nFallbesprechung Station 4B\nDonnerstag, "
        "3. Dezember 2026, 18:00 – 19:00 (MEZ)\n\nMit Google Meet teilnehmen: https://meet.google.com/xkp-qwer-tyu"
        "\n\nBitte bestätigen Sie kurz, ob Sie teilnehmen können.\n\nAntworten: Ja – Vielleicht – Nein"
    ),
    calendar=calendar(
        "markus.schneider@uniklinik-koeln.de",
        HOME,
        "Fallbesprechung Station 4B",
        "Mit Google Meet teilnehmen: https://meet.google.com/xkp-qwer-tyu",
        "https://meet.google.com/xkp-qwer-tyu",
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# Italian
# ---------------------------------------------------------------------------------------------------------------
INTESA_CARD = mail(
    "Intesa Sanpaolo <comunicazioni@intesasanpaolo.com>",
    "La tua carta è in scadenza: la nuova è in arrivo",
    auth=gmail_passed("intesasanpaolo.com"),
    to=HOME,
    html=(
        "<p>Gentile Jane Doe,</p><p>la tua carta di debito che termina con 4417 scade il 30/11/2026. Ti abbiamo "
        "già spedito la nuova carta all'indirizzo di residenza; il PIN resta lo stesso.</p><p>Attiva la nuova "
        "carta dall'app Intesa Sanpaolo Mobile al primo utilizzo.</p><p>Ricorda: Intesa Sanpaolo non ti "
        "chiederà mai codici, password o PIN via email, SMS o telefono.</p>"
        '<p><a href="https://www.intesasanpaolo.com/it/persone-e-famiglie/prodotti/carte.html">Scopri di più</a>'
        "</p><p>Intesa Sanpaolo S.p.A., Piazza San Carlo 156, 10121 Torino</p>"
    ),
)

POSTE_ITALIANE = mail(
    "Poste Italiane <noreply@posteitaliane.it>",
    "La tua spedizione è in consegna oggi",
    auth=gmail_passed("posteitaliane.it"),
    to=HOME,
    html=(
        "<p>Gentile cliente,</p><p>la spedizione 3UW1A20419382 di <b>IBS.it</b> è in consegna oggi, 16/11/2026."
        "</p><p>Se non sarai a casa, il pacco verrà lasciato in giacenza presso l'ufficio postale più vicino.</p>"
        '<p><a href="https://www.poste.it/cerca/index.html#/risultati-spedizioni/3UW1A20419382">Traccia la '
        "spedizione</a></p><p>Poste Italiane non chiede mai pagamenti tramite link via SMS o email per la "
        "consegna.</p><p>Poste Italiane S.p.A. – Viale Europa 190, 00144 Roma</p>"
    ),
)

ENEL_BILL_IT = mail(
    "Enel Energia <noreply@enel.it>",
    "La tua bolletta di novembre",
    auth=gmail_passed("enel.it"),
    to=HOME,
    html=(
        "<p>Ciao Jane,</p><p>è disponibile la tua bolletta della luce di novembre 2026.</p><table>"
        "<tr><td>Importo</td><td>64,20 €</td></tr><tr><td>Scadenza</td><td>07/12/2026</td></tr></table>"
        "<p>Hai attivato l'addebito diretto: l'importo sarà addebitato sul tuo conto alla scadenza.</p>"
        '<p><a href="https://www.enel.it/it/area-clienti/residenziale/bollette">Vai alle bollette</a></p>'
        "<p>Enel Energia S.p.A. – Viale Regina Margherita 125, 00198 Roma</p>"
    ),
    attachments=(("bolletta-novembre-2026.pdf", "application/pdf", PDF),),
)

INPS_NOTICE = mail(
    "INPS <noreply@inps.it>",
    "Nuovo messaggio nella tua area riservata MyINPS",
    auth=gmail_passed("inps.it"),
    to=HOME,
    text=(
        "Gentile utente,\n\nti informiamo che nella tua area riservata MyINPS è disponibile un nuovo documento: "
        "Certificazione Unica 2026.\n\nPer consultarlo, accedi al sito https://www.inps.it con SPID, CIE o CNS."
        "\n\nL'INPS non invia email con link per rimborsi o per aggiornare i dati di pagamento.\n\n"
        "Questa è una comunicazione automatica, ti preghiamo di non rispondere.\n\nIstituto Nazionale della "
        "Previdenza Sociale"
    ),
)

POSTEID_PASSWORD = mail(
    "PosteID <noreply@posteitaliane.it>",
    "Hai modificato la password del tuo PosteID",
    auth=gmail_passed("posteitaliane.it"),
    to=HOME,
    text=(
        "Gentile Jane,\n\nti confermiamo che la password del tuo account PosteID abilitato a SPID è stata "
        "modificata il 15/11/2026 alle 20:14.\n\nSe sei stato tu, non devi fare nulla. Se non riconosci questa "
        "modifica, contatta subito l'assistenza al numero 06 977 977 77.\n\nPoste Italiane"
    ),
)

NEWSLETTER_IT = mail(
    "Feltrinelli <newsletter@lafeltrinelli.it>",
    "Ultimi giorni: 15% su tutti i libri di cucina",
    auth=gmail_passed("lafeltrinelli.it", "bounce.mailup.it"),
    to=HOME,
    html=(
        "<h1>Ultimi giorni</h1><p>Fino a domenica, 15% di sconto su tutti i libri di cucina. Non perdere "
        "l'occasione.</p>"
        '<p><a href="https://news.lafeltrinelli.it/c/443/8f2a1b">Scopri i libri</a></p>'
        '<p style="font-size:12px">Ricevi questa email perché sei iscritto alla newsletter laFeltrinelli.<br>'
        '<a href="https://news.lafeltrinelli.it/u/443/8f2a1b">Cancella l\'iscrizione</a> | '
        "Feltrinelli S.p.A., Via Tucidide 56, 20134 Milano</p>"
    ),
)

RELATIVE_FAVOUR_IT = note(
    "Giulia Rossi <giulia.rossi77@libero.it>",
    "Mi fai un favore?",
    "Ciao Jane!\n\nMi puoi fare un favore? Quando vieni a Natale potresti portare due scatole di quel tè "
    "inglese per la nonna? Qui non si trova.\n\nLa nonna sta bene, giovedì ha fatto la visita dal "
    "cardiologo ed è andata bene.\n\nUn abbraccio,\nGiulia",
)

# ---------------------------------------------------------------------------------------------------------------
# Dutch
# ---------------------------------------------------------------------------------------------------------------
ING_CARD = mail(
    "ING <info@ing.nl>",
    "Uw betaalpas verloopt: de nieuwe is onderweg",
    auth=gmail_passed("ing.nl"),
    to=HOME,
    html=(
        "<p>Beste mevrouw Doe,</p><p>Uw betaalpas die eindigt op 4417 verloopt op 30-11-2026. De nieuwe pas is "
        "onderweg en komt binnen 5 werkdagen bij u aan. Uw pincode blijft hetzelfde.</p><p>Knip de oude pas "
        "door de chip door zodra u de nieuwe heeft gebruikt.</p><p>Let op: ING vraagt u nooit om uw pincode, "
        "inloggegevens of om uw pas op te sturen.</p>"
        '<p><a href="https://www.ing.nl/particulier/betalen/betaalpas">Meer over uw betaalpas</a></p>'
        "<p>ING Bank N.V., Bijlmerdreef 106, 1102 CT Amsterdam</p>"
    ),
)

POSTNL_TODAY = mail(
    "PostNL <noreply@notificatie.postnl.nl>",
    "Je pakket wordt vandaag bezorgd",
    auth=gmail_passed("notificatie.postnl.nl"),
    to=HOME,
    html=(
        "<p>Hoi Jane,</p><p>Je pakket van <b>bol</b> wordt vandaag tussen 14:15 en 16:15 bezorgd.</p><p>Niet "
        "thuis? Dan bezorgen we het bij de buren of op een PostNL-punt in de buurt.</p>"
        '<p><a href="https://jouw.postnl.nl/track-and-trace/3SBOL1234567-NL-1017AB">Volg je pakket</a></p>'
        "<p>PostNL vraagt nooit via e-mail of sms om een betaling voor de bezorging van een pakket uit "
        "Nederland.</p><p>PostNL, Prinses Beatrixlaan 23, 2595 AK Den Haag</p>"
    ),
)

KPN_BILL = mail(
    "KPN <factuur@kpn.com>",
    "Je KPN-factuur van november staat klaar",
    auth=gmail_passed("kpn.com"),
    to=HOME,
    html=(
        "<p>Beste Jane,</p><p>Je factuur van november 2026 staat klaar in MijnKPN.</p><table><tr><td>Bedrag</td>"
        "<td>€ 47,50</td></tr><tr><td>Afschrijving op of na</td><td>28-11-2026</td></tr></table><p>Je hoeft niets "
        "te doen: het bedrag wordt automatisch van je rekening afgeschreven.</p>"
        '<p><a href="https://www.kpn.com/mijnkpn/facturen">Bekijk je factuur</a></p>'
        "<p>KPN B.V., Wilhelminakade 123, 3072 AP Rotterdam</p>"
    ),
)

MIJNOVERHEID_NOTICE = mail(
    "MijnOverheid <no-reply@mijnoverheid.nl>",
    "U heeft een nieuw bericht in uw Berichtenbox",
    auth=gmail_passed("mijnoverheid.nl"),
    to=HOME,
    text=(
        "Geachte heer/mevrouw,\n\nU heeft een nieuw bericht van de Belastingdienst in uw Berichtenbox op "
        "MijnOverheid.\n\nLog in met DigiD op https://mijn.overheid.nl om het bericht te lezen.\n\nDeze e-mail "
        "bevat geen links naar uw bericht en wij vragen u nooit om uw DigiD-gegevens per e-mail.\n\n"
        "Met vriendelijke groet,\nMijnOverheid"
    ),
)

DIGID_CHANGED = mail(
    "DigiD <noreply@digid.nl>",
    "Uw DigiD-wachtwoord is gewijzigd",
    auth=gmail_passed("digid.nl"),
    to=HOME,
    text=(
        "Geachte mevrouw Doe,\n\nHet wachtwoord van uw DigiD is op 15 november 2026 om 21:12 gewijzigd.\n\n"
        "Heeft u dit zelf gedaan? Dan hoeft u niets te doen.\n\nHeeft u dit niet zelf gedaan? Bel dan de DigiD "
        "helpdesk: 088 123 6555.\n\nDigiD vraagt nooit per e-mail om uw gebruikersnaam, wachtwoord of "
        "sms-code.\n\nMet vriendelijke groet,\nLogius, Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
    ),
)

NEWSLETTER_NL = mail(
    "HEMA <nieuwsbrief@mail.hema.nl>",
    "Laatste kans: 2e halve prijs op alle winterjassen",
    auth=gmail_passed("mail.hema.nl", "bounces.e.hema.nl"),
    to=HOME,
    html=(
        "<h1>Laatste kans!</h1><p>Alleen nog dit weekend: 2e halve prijs op alle winterjassen.</p>"
        '<p><a href="https://click.mail.hema.nl/?qs=4f2b9a1c8e">Shop de jassen</a></p>'
        '<p style="font-size:12px">Je ontvangt deze e-mail omdat je je hebt aangemeld voor de HEMA-nieuwsbrief.'
        '<br><a href="https://click.mail.hema.nl/unsub?qs=4f2b9a1c8e">Afmelden</a> | HEMA B.V., NDSM-straat 10, '
        "1033 SB Amsterdam</p>"
    ),
)

COLLEAGUE_NOTE_NL = note(
    "Anouk de Vries <anouk.devries@hotmail.com>",
    "Heb je even tijd?",
    "Hoi Jane,\n\nHeb je even tijd deze week? Ik wil graag je mening over mijn sollicitatiebrief voor de "
    "vacature op de IC. Kun je mij laten weten wanneer het je uitkomt?\n\nGroetjes,\nAnouk",
)

# ---------------------------------------------------------------------------------------------------------------
# Polish and Romanian
# ---------------------------------------------------------------------------------------------------------------
PKO_CARD = mail(
    "PKO Bank Polski <powiadomienia@pkobp.pl>",
    "Twoja karta wkrótce straci ważność",
    auth=gmail_passed("pkobp.pl"),
    to=HOME,
    html=(
        "<p>Dzień dobry,</p><p>Twoja karta debetowa kończąca się na 4417 jest ważna do 30.11.2026. Nową kartę "
        "wysłaliśmy na Twój adres korespondencyjny. PIN pozostaje bez zmian.</p><p>Pamiętaj: bank nigdy nie "
        "prosi o podanie hasła, PIN-u ani kodów SMS w wiadomościach e-mail.</p>"
        '<p><a href="https://www.pkobp.pl/klienci-indywidualni/karty/">Więcej o kartach</a></p>'
        "<p>PKO Bank Polski S.A., ul. Puławska 15, 02-515 Warszawa</p>"
    ),
)

INPOST_PARCEL = mail(
    "InPost <powiadomienia@inpost.pl>",
    "Twoja paczka czeka w Paczkomacie WAW123M",
    auth=gmail_passed("inpost.pl"),
    to=HOME,
    text=(
        "Cześć!\n\nTwoja paczka 620123456789012345678901 od Empik czeka w Paczkomacie WAW123M, ul. Marszałkowska "
        "10, Warszawa.\n\nKod odbioru: 482913\nMasz czas do 19.11.2026.\n\nOtwórz skrytkę w aplikacji InPost "
        "Mobile albo wpisz kod na ekranie Paczkomatu.\n\nInPost"
    ),
)

EMAG_ORDER = mail(
    "eMAG <comenzi@emag.ro>",
    "Comanda ta nr. 412398765 a fost predată curierului",
    auth=gmail_passed("emag.ro"),
    to=HOME,
    html=(
        "<p>Salut, Jane,</p><p>Comanda ta nr. 412398765 a fost predată curierului și va fi livrată mâine, "
        "17.11.2026.</p><p>Plata se face ramburs, la curier: 189,99 lei.</p>"
        '<p><a href="https://www.emag.ro/history/shopping/412398765">Vezi detaliile comenzii</a></p>'
        "<p>Dante International S.A., Șos. Virtuții 148, București</p>"
    ),
)

BCR_SECURITY = mail(
    "BCR <notificari@bcr.ro>",
    "Parola George a fost schimbată",
    auth=gmail_passed("bcr.ro"),
    to=HOME,
    text=(
        "Bună ziua,\n\nParola contului tău George a fost schimbată pe 15.11.2026, la ora 21:40.\n\nDacă tu ai "
        "făcut această modificare, nu trebuie să faci nimic. Dacă nu recunoști modificarea, sună-ne la *2227.\n\n"
        "BCR nu îți cere niciodată parola sau codurile prin e-mail sau telefon.\n\nBanca Comercială Română"
    ),
)

# ---------------------------------------------------------------------------------------------------------------
# International brands writing from their national domains (santander.es, paypal.fr, vodafone.it, ing.es)
# ---------------------------------------------------------------------------------------------------------------
SANTANDER_ES_CARD = mail(
    "Banco Santander <avisos@santander.es>",
    "Tu nueva tarjeta Santander está en camino",
    auth=gmail_passed("santander.es"),
    to=HOME,
    html=(
        "<p>Hola, Jane:</p><p>Tu tarjeta de débito terminada en 4417 caduca este mes. Ya te hemos enviado la "
        "nueva a tu domicilio; el PIN es el mismo.</p><p>Actívala desde la app Santander o haciendo una compra "
        "con PIN. Santander nunca te pedirá tus claves ni códigos por email o SMS.</p>"
        '<p><a href="https://www.santander.es/particulares/tarjetas">Más sobre tus tarjetas</a></p>'
        "<p>Banco Santander, S.A. – Paseo de Pereda 9-12, 39004 Santander</p>"
    ),
)

PAYPAL_FR_RECEIPT = mail(
    "service@paypal.fr <service@paypal.fr>",
    "Reçu de votre paiement à Fnac Darty",
    auth=gmail_passed("paypal.fr"),
    to=HOME,
    html=(
        "<p>Bonjour Jane Doe,</p><p>Vous avez envoyé un paiement de 34,99 EUR à Fnac Darty.</p><p>N° de "
        "transaction : 7HX41829KD3301945<br>Date : 16 novembre 2026</p><p>Il peut s'écouler quelques instants "
        "avant que cette transaction apparaisse dans votre compte.</p>"
        '<p><a href="https://www.paypal.com/myaccount/transactions">Voir la transaction</a></p>'
        "<p>PayPal (Europe) S.à r.l. et Cie, S.C.A., 22-24 Boulevard Royal, L-2449 Luxembourg</p>"
    ),
)

VODAFONE_IT_BILL = mail(
    "Vodafone <noreply@vodafone.it>",
    "Il tuo conto telefonico di novembre è disponibile",
    auth=gmail_passed("vodafone.it"),
    to=HOME,
    html=(
        "<p>Ciao Jane,</p><p>il conto telefonico di novembre 2026 è disponibile nell'app My Vodafone.</p><table>"
        "<tr><td>Importo</td><td>29,90 €</td></tr><tr><td>Scadenza</td><td>05/12/2026</td></tr></table>"
        "<p>Il pagamento avverrà con addebito su carta di credito alla scadenza.</p>"
        '<p><a href="https://www.vodafone.it/area-utente/fai-da-te/Privati/conto-telefonico.html">Vedi il conto</a>'
        "</p><p>Vodafone Italia S.p.A., Via Jervis 13, 10015 Ivrea (TO)</p>"
    ),
)

ING_ES_SIGNIN = mail(
    "ING <notificaciones@ing.es>",
    "Nuevo acceso a tu Área Clientes",
    auth=gmail_passed("ing.es"),
    to=HOME,
    text=(
        "Hola, Jane:\n\nHemos registrado un nuevo acceso a tu Área Clientes desde un navegador Chrome en "
        "Windows el 16/11/2026 a las 08:41.\n\nSi has sido tú, no tienes que hacer nada. Si no reconoces este "
        "acceso, llámanos al 91 206 66 66.\n\nING nunca te pedirá tus claves de acceso ni la clave de firma "
        "por email, SMS o teléfono.\n\nING Bank NV, Sucursal en España"
    ),
)

CASES = (
    Genuine("pt: Itaú card expiring", ITAU_CARD_EXPIRING),
    Genuine("pt: Nubank password changed", NUBANK_PASSWORD_CHANGED),
    Genuine("pt: Correios out for delivery", CORREIOS_OUT_FOR_DELIVERY),
    Genuine("pt: Enel energy bill with PDF", ENEL_BILL),
    Genuine("pt: gov.br password changed", GOVBR_PASSWORD_CHANGED),
    Genuine("pt: bookshop última chance via Mailchimp", NEWSLETTER_PT),
    Genuine("pt: sister asks a favour from Gmail", RELATIVE_FAVOUR_PT),
    Genuine("pt: clinic appointment reminder", CLINIC_REMINDER_PT),
    Genuine("es: BBVA card expiring", BBVA_CARD_EXPIRING),
    Genuine("es: Google new sign-in alert", GOOGLE_NEW_SIGNIN_ES),
    Genuine("es: Correos delivery tomorrow", CORREOS_ES),
    Genuine("es: Movistar bill", MOVISTAR_BILL),
    Genuine("es: Agencia Tributaria notice", AEAT_NOTICE),
    Genuine("es: shop última oportunidad via Brevo", NEWSLETTER_ES),
    Genuine("es: friend asks if free from Hotmail", FRIEND_FREE_ES),
    Genuine("es: health centre appointment reminder", CLINIC_REMINDER_ES),
    Genuine("fr: Crédit Agricole card expiring", CREDIT_AGRICOLE_CARD),
    Genuine("fr: Orange password reset code", ORANGE_PASSWORD_RESET),
    Genuine("fr: Colissimo delivery tomorrow", COLISSIMO),
    Genuine("fr: EDF bill", EDF_BILL),
    Genuine("fr: impots.gouv.fr notice", IMPOTS_NOTICE),
    Genuine("fr: shop dernière chance via Brevo", NEWSLETTER_FR),
    Genuine("fr: colleague asks a favour from orange.fr", COLLEAGUE_FAVOUR_FR),
    Genuine("fr: Doctolib reminder", DOCTOLIB_REMINDER),
    Genuine("de: Amazon.de password changed", AMAZON_DE_PASSWORD),
    Genuine("de: DHL parcel today", DHL_TODAY),
    Genuine("de: Telekom bill", TELEKOM_BILL),
    Genuine("de: ELSTER notice", ELSTER_NOTICE),
    Genuine("de: shop letzte Chance via Mailchimp", NEWSLETTER_DE),
    Genuine("de: friend's note from GMX", FRIEND_NOTE_DE),
    Genuine("de: meeting invitation with Google Meet", GOOGLE_CALENDAR_DE),
    Genuine("it: Intesa Sanpaolo card expiring", INTESA_CARD),
    Genuine("it: Poste Italiane delivery today", POSTE_ITALIANE),
    Genuine("it: Enel bill with PDF", ENEL_BILL_IT),
    Genuine("it: INPS notice", INPS_NOTICE),
    Genuine("it: PosteID password changed", POSTEID_PASSWORD),
    Genuine("it: bookshop ultimi giorni", NEWSLETTER_IT),
    Genuine("it: cousin asks a favour from Libero", RELATIVE_FAVOUR_IT),
    Genuine("nl: ING card expiring", ING_CARD),
    Genuine("nl: PostNL parcel today", POSTNL_TODAY),
    Genuine("nl: KPN bill", KPN_BILL),
    Genuine("nl: MijnOverheid Berichtenbox notice", MIJNOVERHEID_NOTICE),
    Genuine("nl: DigiD password changed", DIGID_CHANGED),
    Genuine("nl: shop laatste kans", NEWSLETTER_NL),
    Genuine("nl: colleague's note from Hotmail", COLLEAGUE_NOTE_NL),
    Genuine("pl: PKO card expiring", PKO_CARD),
    Genuine("pl: InPost parcel locker code", INPOST_PARCEL),
    Genuine("ro: eMAG order with courier", EMAG_ORDER),
    Genuine("ro: BCR password changed", BCR_SECURITY),
    Genuine("es: Santander España new card", SANTANDER_ES_CARD),
    Genuine("fr: PayPal receipt from paypal.fr", PAYPAL_FR_RECEIPT),
    Genuine("it: Vodafone Italia bill", VODAFONE_IT_BILL),
    Genuine("es: ING España new sign-in", ING_ES_SIGNIN),
)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_genuine_mail_in_other_languages_is_not_flagged(case: Genuine) -> None:
    result = triage(case.raw)
    fired = [(r.code, r.weight) for r in result.reasons]
    assert result.verdict in {"safe", "spam"}, fired
    assert result.score < case.margin, fired


def test_there_are_about_forty_five_genuine_emails_in_at_least_six_languages() -> None:
    assert len(CASES) >= 45
    assert len({case.name.partition(":")[0] for case in CASES}) >= 6


@pytest.mark.xfail(
    strict=True,
    reason="Known gap: each of Germany's 350 or so Sparkassen writes from its own domain (sparkasse-koelnbonn.de), "
    "which reads exactly as a look-alike of sparkasse.de does (sparkasse-kundenservice.de); the engine cannot tell "
    "them apart without a list of the real ones.",
)
def test_a_regional_sparkasse_writing_from_its_own_domain_is_not_flagged() -> None:
    assert triage(SPARKASSE_CARD).verdict in {"safe", "spam"}


# ---------------------------------------------------------------------------------------------------------------
# Must-still-fire twins: the narrowed phrases still catch the asks, and the posts' look-alikes are still flagged
# ---------------------------------------------------------------------------------------------------------------
STRANGER = "Kundenservice <service@konto-hinweis-center.com>"
ASKS = [
    ("pt", "Digite sua senha na página a seguir para manter o acesso.", "digite sua senha"),
    ("pt", "Sua conta será cancelada se não for verificada.", "conta será cancelada"),
    ("es", "Confirme su contraseña en el siguiente enlace.", "confirme su contraseña"),
    ("fr", "Saisissez vos identifiants et confirmez votre mot de passe ici.", "saisissez vos identifiants"),
    ("fr", "Cliquez sur le lien pour confirmer votre identité.", "confirmer votre identité"),
    ("de", "Bitte bestätigen Sie Ihre Angaben über den folgenden Link.", "bestätigen sie ihre angaben"),
    ("de", "Geben Sie Ihr Passwort ein, um den Zugang zu behalten.", "geben sie ihr passwort ein"),
    ("de", "Ihre Sitzung ist abgelaufen. Bitte erneut anmelden.", "erneut anmelden"),
    ("de", "Handeln Sie sofort, sonst wird Ihr Konto gesperrt.", "handeln sie sofort"),
    ("it", "Conferma la tua password per continuare a usare la casella.", "conferma la tua password"),
]


@pytest.mark.parametrize(("language", "text", "phrase"), ASKS)
def test_the_narrowed_phrases_still_catch_the_asks(language: str, text: str, phrase: str) -> None:
    reasons = " ".join(r.text for r in triage(mail(STRANGER, "Hinweis", text=text)).reasons)
    assert phrase in reasons.lower(), (language, reasons)


def test_the_everyday_wording_the_phrases_were_narrowed_from_counts_for_nothing() -> None:
    everyday = [
        "A sua senha foi alterada. O banco nunca pede sua senha por e-mail.",
        "Ab sofort melden Sie sich mit Ihrem neuen Passwort an. Bitte bestätigen Sie kurz, ob Sie kommen.",
        "Votre mot de passe a été modifié. Nous ne vous demanderons jamais vos identifiants.",
        "Merci de confirmer votre inscription à la newsletter et votre rendez-vous de jeudi.",
        "Su contraseña se ha cambiado correctamente. La reunión del jueves ha sido cancelada.",
        "La tua password è stata modificata il 15/11.",
    ]
    for text in everyday:
        found = codes(mail(STRANGER, "Info", text=text))
        assert not found & {"credential_language", "urgency_language", "threat_language"}, (text, found)


def test_the_posts_own_domains_pass_but_their_lookalikes_and_a_spoof_are_flagged() -> None:
    assert not codes(CORREOS_ES) & {"sender_lookalike", "link_lookalike"}
    assert "link_elsewhere_only" not in codes(POSTE_ITALIANE)
    fake_correos = mail(
        "Correos <notificaciones@correos-envios.es>",
        "Tu envío está retenido",
        to=HOME,
        html="<p>Tu envío está retenido en aduanas. Abona 1,99 € para liberarlo en las próximas 24 horas.</p>"
        '<a href="https://correos-envios.es/pago">Pagar ahora</a>',
    )
    fake_poste = mail(
        "Poste Italiane <noreply@posteitaliane-consegne.it>",
        "La tua spedizione è in giacenza",
        to=HOME,
        html="<p>Gentile cliente, la tua spedizione è in giacenza. Conferma i tuoi dati entro 24 ore.</p>"
        '<a href="https://posteitaliane-consegne.it/conferma">Conferma</a>',
    )
    spoofed = mail(
        "Poste Italiane <noreply@posteitaliane.it>",
        "La tua spedizione è in giacenza",
        auth="mx.google.com; spf=fail smtp.mailfrom=posteitaliane.it; dmarc=fail header.from=posteitaliane.it",
        to=HOME,
        html="<p>Gentile cliente, la tua spedizione è in giacenza. Conferma i tuoi dati entro 24 ore.</p>"
        '<a href="https://consegna-pacchi.top/poste">Conferma</a>',
    )
    for raw in (fake_correos, fake_poste, spoofed):
        assert triage(raw).verdict in FLAGGED


def test_a_brands_national_domain_is_its_own_but_the_name_run_into_another_is_not() -> None:
    assert not codes(SANTANDER_ES_CARD) & {"sender_lookalike", "link_lookalike"}
    fake = changed(
        SANTANDER_ES_CARD, From="Banco Santander <avisos@santander-es-clientes.com>", Authentication_Results="none"
    )
    assert "sender_lookalike" in codes(fake)
    assert triage(fake).verdict in FLAGGED


def test_posteo_a_german_mailbox_provider_is_not_taken_for_poste_italiane() -> None:
    friend = note("Katrin Weber <katrin.weber@posteo.de>", "Hallo", "Hallo Jane, bis Samstag! Katrin")
    assert not codes(friend) & {"sender_lookalike", "display_name_brand"}
