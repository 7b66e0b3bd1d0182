"""A real SMTP server (aiosmtpd) that stores each received message as a file.

usage: smtp_sink.py PORT DIRECTORY

Like a real mail server, it refuses recipients it does not know: every address
that starts with "unbekannt" gets a permanent "550 no such user".
"""
import pathlib
import sys
import time

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, directory):
        self.directory = pathlib.Path(directory)
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("unbekannt"):
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        text = envelope.content.decode("utf-8", "replace")
        recipients = ",".join(envelope.rcpt_tos)
        path = self.directory / f"mail-{self.count}.eml"
        path.write_text(f"X-Envelope-To: {recipients}\n{text}", encoding="utf-8")
        return "250 Message accepted"


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Store(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(1)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
