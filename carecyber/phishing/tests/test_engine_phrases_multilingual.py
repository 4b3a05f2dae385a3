"""The phrase lists (urgency, threat, credential and greetings to nobody in particular) in the seven languages of
the phishing that reaches staff: English, Brazilian Portuguese, Spanish, French, German, Italian and Dutch.

Each language has a short phishing email, written for this test, that the lists must catch, and genuine mail in
the same language that looks close (a colleague's note, a calendar reminder, an IT notice, a newsletter) that
they must not. The lists hold phrases, not everyday words: "atualizar", "Konto" or "mot de passe" on their own
are in every workplace's mail.
"""

from __future__ import annotations

import pytest

from carecyber.phishing.engine import triage
from carecyber.phishing.engine.config import load_rules, words_of

from .test_engine_signals import codes, email

WORDING = {"urgency_language", "threat_language", "credential_language", "spelling_anomalies"}
FLAGGED = {"suspicious", "phishing"}
STRANGER = "Service Desk <no-reply@account-notice-centre.com>"

# One phishing email per language: a greeting to nobody, a threat, a deadline and a request for details.
PHISHING = {
    "en": (
        "Dear valued user, we noticed an unusual login on your mailbox. Failure to verify within 24 hrs will lead "
        "to account closure. Click here to reactivate your mailbox. Final warning."
    ),
    "pt": (
        "Prezado usuário, detectamos atividade suspeita em seu acesso. Sua conta será bloqueada em até 24 horas. "
        "Clique aqui para confirmar seus dados e evite o bloqueio. Último aviso."
    ),
    "es": (
        "Estimado usuario, hemos detectado un inicio de sesión inusual. Su cuenta será suspendida dentro de 24 horas. "
        "Haga clic aquí para verificar sus datos y evitar el bloqueo. Último aviso."
    ),
    "fr": (
        "Cher utilisateur, une connexion inhabituelle a été détectée. Votre compte sera suspendu sous 24 heures. "
        "Cliquez ici pour confirmer votre identité afin d'éviter la suspension. Dernier avis."
    ),
    "de": (
        "Sehr geehrter Nutzer, wir haben ungewöhnliche Aktivitäten festgestellt. Ihr Konto wird deaktiviert, wenn "
        "Sie Ihre Angaben nicht innerhalb von 24 Stunden bestätigen. Klicken Sie auf den folgenden Link. "
        "Letzte Warnung."
    ),
    "it": (
        "Gentile utente, abbiamo rilevato un accesso insolito. Il tuo account sarà sospeso entro 24 ore. "
        "Clicca qui per verificare i tuoi dati ed evitare il blocco. Ultimo avviso."
    ),
    "nl": (
        "Beste gebruiker, wij hebben verdachte activiteit op uw account gezien. Uw account wordt geblokkeerd als u "
        "niet binnen 24 uur uw gegevens bevestigt. Bevestig uw gegevens via de onderstaande link. "
        "Laatste waarschuwing."
    ),
}

# The other lures phishing uses in each language: a full mailbox, a password about to expire, an account to
# reactivate, a fee to pay. Each line must fire the list named.
LURES = [
    ("en", "threat", "Your mailbox is almost full and new messages will be returned."),
    ("en", "credential", "Your password expires today. Click here to keep your current password."),
    ("en", "credential", "Pay a small fee of £1.99 to release it."),
    ("pt", "threat", "Sua caixa de entrada cheia: novas mensagens serão recusadas."),
    ("pt", "credential", "Sua senha irá expirar hoje. Clique no botão abaixo para manter a mesma senha."),
    ("pt", "credential", "Regularize sua situação e reative seu acesso."),
    ("pt", "threat", "Evite a negativação do seu nome."),
    ("es", "threat", "Su buzón está lleno y ha superado el límite de almacenamiento."),
    ("es", "credential", "Su contraseña caduca hoy. Haga clic aquí para mantener la misma contraseña."),
    ("es", "credential", "Pague la tasa pendiente para reactivar su cuenta."),
    ("fr", "threat", "Votre boîte aux lettres pleine ne reçoit plus de messages."),
    ("fr", "credential", "Votre mot de passe expire aujourd'hui ; cliquez ici pour conserver le même mot de passe."),
    ("fr", "urgency", "Action requise dans les 48 heures."),
    ("de", "threat", "Ihr Postfach ist fast voll. Um eine Sperrung zu vermeiden, handeln Sie jetzt."),
    ("de", "credential", "Ihr Kennwort läuft ab. Aktuelles Passwort behalten: hier klicken."),
    ("de", "credential", "Bitte Konto reaktivieren, sonst verlieren Sie den Zugriff."),
    ("it", "threat", "La tua casella di posta è piena: ha superato il limite di archiviazione."),
    ("it", "credential", "La password scade oggi. Clicca qui per riattivare il tuo account."),
    ("it", "urgency", "Azione richiesta entro 48 ore."),
    ("nl", "threat", "Uw mailbox is vol. Om blokkering te voorkomen moet u handelen."),
    ("nl", "credential", "Uw wachtwoord verloopt vandaag. Klik hier om hetzelfde wachtwoord te behouden."),
    ("nl", "urgency", "Actie vereist: uw toegang verloopt vandaag."),
]

# Genuine mail in each language that uses the same everyday words (update, account, password, access, expire,
# click here, blocked roads and cancelled meetings) and must fire none of the four lists.
GENUINE = [
    ("en", "I'll update the rota spreadsheet tomorrow and confirm the cover for Saturday with Priya."),
    ("en", "The shared drive will be unavailable on Saturday from 8am to noon for maintenance; you need do nothing."),
    ("en", "Can't see the pictures? Click here to view this email in your browser. Update your preferences."),
    ("en", "Reminder: never share your password. The new account form is on the intranet under IT > Access."),
    ("en", "We will never ask you to provide your password. Click here to update your preferences."),
    ("en", "The mutex will be locked while the test is temporarily disabled; failure to verify the signature is "
           "logged."),
    ("pt", "Oi Ana, vou atualizar a planilha amanhã e te mando o link. A conta do almoço ficou em R$ 45."),
    ("pt", "Lembrete: treinamento de proteção de dados na quinta-feira às 14h, sala 3. Traga o crachá para acessar."),
    ("pt", "O sistema de prontuário ficará fora do ar no sábado das 22h às 2h para atualização. Não é preciso fazer "
           "nada; a senha do wifi continua a mesma."),
    ("pt", "Boletim mensal da enfermagem: as novidades da equipe e as datas das próximas oficinas. Clique aqui para "
           "atualizar suas preferências."),
    ("es", "Hola Marta, mañana actualizo la hoja de turnos de enero y te la mando. Mi cuenta del gimnasio caduca "
           "en marzo."),
    ("es", "Recordatorio: la formación sobre protección de datos es el jueves a las 10:00 en la sala 2."),
    ("es", "Boletín de noviembre: novedades del equipo y fechas de las próximas sesiones. Haga clic aquí para "
           "actualizar sus preferencias o darse de baja."),
    ("fr", "Bonjour Claire, je mets à jour le tableau des gardes demain matin et je te l'envoie. Merci !"),
    ("fr", "La réunion d'équipe est déplacée à jeudi 14h, salle B. Le serveur de fichiers sera indisponible samedi "
           "matin pour maintenance."),
    ("fr", "Lettre d'information de novembre : retour sur la journée portes ouvertes et agenda des formations. "
           "Cliquez ici pour mettre à jour vos préférences ou vous désinscrire."),
    ("de", "Einladung: Teambesprechung am Donnerstag um 14:00 Uhr in Raum 2. Die Tagesordnung folgt."),
    ("de", "Hallo Jonas, ich aktualisiere morgen die Dienstplan-Tabelle und schicke sie dir. Das Büro bleibt "
           "vom 24.12. bis 1.1. zu."),
    ("de", "Unser Rundbrief im November: neue Kolleginnen, Termine der Fortbildungen und Fotos vom Sommerfest. "
           "Klicken Sie hier, um sich abzumelden."),
    ("it", "Ciao Luca, domani aggiorno il foglio dei turni e te lo mando. La password del wifi è sulla bacheca."),
    ("it", "Promemoria: riunione di reparto giovedì alle 15 in sala riunioni. Il corso di formazione scade a "
           "dicembre."),
    ("it", "Clicca qui per aggiornare le tue preferenze. Il numero di posti è stato limitato a venti."),
    ("nl", "Hoi Sanne, ik werk morgen het rooster bij en stuur het je daarna door. Het verloopt allemaal goed met "
           "de nieuwe collega's."),
    ("nl", "Uitnodiging: teamoverleg donderdag om 14.00 uur in zaal 3. Klik hier om je af te melden voor deze "
           "herinneringen."),
    ("nl", "De maatregel wordt opgeheven zodra de verbouwing klaar is."),
]  # fmt: skip


@pytest.mark.parametrize("language", sorted(PHISHING))
def test_phishing_in_each_language_fires_every_phrase_list(language: str) -> None:
    result = triage(email(PHISHING[language], From=STRANGER, Subject="Notice"))
    assert codes(result) >= WORDING, language
    assert result.verdict in FLAGGED


@pytest.mark.parametrize(("language", "phrases", "text"), LURES)
def test_the_other_lures_in_each_language(language: str, phrases: str, text: str) -> None:
    assert getattr(load_rules(), phrases).distinct_hits(words_of(text)), (language, text)


@pytest.mark.parametrize(("language", "text"), GENUINE)
def test_genuine_mail_in_each_language_fires_none_of_the_lists(language: str, text: str) -> None:
    result = triage(email(text))
    assert not WORDING & codes(result), (language, [r.text for r in result.reasons])
    assert result.verdict not in FLAGGED


def test_phrases_without_accents_count_as_well() -> None:
    rules = load_rules()
    plain = words_of(
        "Prezado usuario, sua conta sera bloqueada em ate 24 horas. Ultimo aviso. "
        "Ihr Passwort laeuft ab, ungewoehnliche Aktivitaet festgestellt."
    )
    assert {"prezado usuario"} <= set(rules.misspellings.distinct_hits(plain))
    assert {"em ate 24 horas", "ultimo aviso", "laeuft ab"} <= set(rules.urgency.distinct_hits(plain))
    assert {"sera bloqueada", "ungewoehnliche aktivitaet"} <= set(rules.threat.distinct_hits(plain))


def test_the_lists_hold_phrases_not_everyday_words() -> None:
    everyday = {
        "update", "account", "password", "confirm", "access", "login", "atualizar", "conta", "senha", "acesso",
        "actualizar", "cuenta", "contraseña", "acceso", "compte", "accès", "konto", "passwort", "zugang", "zugriff",
        "aggiorna", "accesso", "wachtwoord", "toegang", "verloopt", "caduca", "scade", "expira", "bloqueio",
    }  # fmt: skip
    rules = load_rules()
    for phrases in (rules.urgency, rules.threat, rules.credential, rules.misspellings):
        assert not everyday & set(phrases.phrases)
