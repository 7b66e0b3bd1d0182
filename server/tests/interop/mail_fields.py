"""Reads one mail as the SMTP sink stored it and prints what a mail program shows:
its headers (names in order, the subject decoded), its content type, its text and its HTML part."""
import json
import sys
from email import policy
from email.parser import BytesParser

with open(sys.argv[1], "rb") as handle:
    mail = BytesParser(policy=policy.default).parse(handle)
body = mail.get_body(preferencelist=("plain", "html"))
html = mail.get_body(preferencelist=("html",))
print(json.dumps({
    "headers": [name for name, _ in mail.items()],
    "subject": str(mail["subject"]),
    "content_type": mail.get_content_type(),
    "parts": [part.get_content_type() for part in mail.walk()],
    "text": body.get_content() if body is not None else "",
    "html": html.get_content() if html is not None else "",
}))
