"""What Tern stored, read back over IMAP with Python's imaplib: the second reader of the client checks.

The connection uses STARTTLS and verifies the server against $TERN_DATA/tls/cert.pem: the self-signed certificate
names 127.0.0.1, so it can be its own trust anchor and nothing needs "no verify".

As a module (sys.path gets interop/lib):
    import mailstore; m = mailstore.login(user, password); mailstore.messages(m, "INBOX", "SUBJECT", "x")
As a command, for shell checks (prints one PASS or FAIL line, exits 0 either way):
    mailstore.py delivered WHAT USER PASSWORD MAILBOX SUBJECT ORIGINAL_FILE [FLAG...]
        exactly one message in MAILBOX has SUBJECT in its subject, and its bytes are ORIGINAL_FILE's, line ends
        made CRLF, with at most trace header lines (Return-Path, Received...) in front; it has every FLAG given.
    mailstore.py count USER PASSWORD MAILBOX SUBJECT
        prints how many messages in MAILBOX have SUBJECT in their subject (-1 if MAILBOX cannot be read).
"""
import base64
import imaplib
import os
import re
import ssl
import sys

HOST = os.environ.get("TERN_HOST", "127.0.0.1")


def tls_context():
    ctx = ssl.create_default_context(cafile=os.path.join(os.environ["TERN_DATA"], "tls", "cert.pem"))
    return ctx


def login(user, password):
    m = imaplib.IMAP4(HOST, int(os.environ["TERN_IMAP_PORT"]), timeout=30)
    m.starttls(ssl_context=tls_context())
    m.login(user, password)
    return m


def quote(text):
    """An IMAP quoted string (ASCII text, e.g. a SEARCH key)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def mailbox(name):
    """A mailbox name as a command argument: in modified UTF-7 (RFC 3501 §5.1.3), quoted."""
    return quote(mutf7_encode(name))


def mutf7_encode(name):
    out, run = [], []
    def flush():
        if run:
            b64 = base64.b64encode("".join(run).encode("utf-16-be")).decode().rstrip("=").replace("/", ",")
            out.append("&" + b64 + "-")
            run.clear()
    for c in name:
        if " " <= c <= "~":
            flush()
            out.append("&-" if c == "&" else c)
        else:
            run.append(c)
    flush()
    return "".join(out)


def mutf7_decode(name):
    def piece(m):
        if m.group(1) == "":
            return "&"
        b64 = m.group(1).replace(",", "/")
        return base64.b64decode(b64 + "=" * (-len(b64) % 4)).decode("utf-16-be")
    return re.sub(r"&([^-]*)-", piece, name)


def messages(m, name, *criteria):
    """[(uid, flags, bytes)] of the messages in mailbox NAME matching the SEARCH criteria, read without setting \\Seen."""
    typ, data = m.select(mailbox(name), readonly=True)
    if typ != "OK":
        raise RuntimeError("SELECT %s: %s" % (name, data))
    typ, data = m.uid("SEARCH", *criteria)
    uids = data[0].split()
    out = []
    for uid in uids:
        typ, data = m.uid("FETCH", uid, "(FLAGS BODY.PEEK[])")
        meta, body = data[0]
        flags = re.search(rb"FLAGS \(([^)]*)\)", meta).group(1).decode().split()
        out.append((int(uid), sorted(flags), body))
    return out


def mailboxes(m):
    """The names LIST "" "*" gives, decoded from modified UTF-7."""
    typ, data = m.list('""', "*")
    names = []
    for line in data:
        name = re.match(rb'\([^)]*\) (?:"[^"]*"|NIL) (.*)$', line).group(1)
        if name.startswith(b'"'):
            name = name[1:-1].replace(b'\\"', b'"').replace(b"\\\\", b"\\")
        names.append(mutf7_decode(name.decode()))
    return names


def crlf(b):
    return re.sub(rb"\r?\n", b"\r\n", b)


TRACE = re.compile(rb"^(Return-Path|Received|Delivered-To|X-Original-To):|^[ \t]", re.I)


def same(original, stored):
    """stored is original (line ends made CRLF) with at most trace header lines in front."""
    original, stored = crlf(original), crlf(stored)
    if not stored.endswith(original):
        return False
    prefix = stored[: len(stored) - len(original)]
    return all(TRACE.match(line) for line in prefix.split(b"\r\n")[:-1])


def first_difference(original, stored):
    """Where stored stops ending with original, counted from the end (trace lines sit in front)."""
    original, stored = crlf(original), crlf(stored)
    n = 0
    while n < min(len(original), len(stored)) and original[-1 - n] == stored[-1 - n]:
        n += 1
    if n == len(original):
        return "only non-trace header lines were added in front: %r" % stored[: len(stored) - n][-200:]
    i, j = len(original) - n, len(stored) - n
    return "sent %r, stored %r (%d bytes from the end)" % (original[max(0, i - 30):i + 10], stored[max(0, j - 30):j + 10], n)


def report(what, ok, why=""):
    print(("PASS " + what) if ok else ("FAIL %s: %s" % (what, why)))
    return ok


def delivered(what, user, password, folder, subject, original_file, *flags):
    original = open(original_file, "rb").read()
    try:
        m = login(user, password)
        found = messages(m, folder, "SUBJECT", quote(subject))
        m.logout()
    except Exception as e:
        return report(what, False, "reading %s of %s over IMAP: %r" % (folder, user, e))
    if len(found) != 1:
        return report(what, False, "%d messages with subject %r in %s of %s, want 1" % (len(found), subject, folder, user))
    uid, stored_flags, stored = found[0]
    if not same(original, stored):
        return report(what, False, "stored bytes are not the sent ones: " + first_difference(original, stored))
    missing = [f for f in flags if f not in stored_flags]
    return report(what, not missing, "flags are %s, want %s among them" % (stored_flags, list(flags)))


def count(user, password, folder, subject):
    try:
        m = login(user, password)
        print(len(messages(m, folder, "SUBJECT", quote(subject))))
        m.logout()
    except Exception:
        print(-1)


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "delivered":
        delivered(*args)
    elif command == "count":
        count(*args)
    else:
        sys.exit("mailstore.py: unknown command %s" % command)
