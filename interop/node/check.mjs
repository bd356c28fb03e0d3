// nodemailer and imapflow against Tern; run by interop/clients/node.sh, which then reads the store back with
// Python's imaplib. Prints PASS/FAIL lines; writes each message it sends, as sent, to $NODE_WORK/<name>.eml.
// TLS: both libraries get $TERN_DATA/tls/cert.pem as their only CA (`tls.ca`), so Node verifies the self-signed
// certificate, including its IP address 127.0.0.1, instead of turning verification off.
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { ImapFlow } from 'imapflow';

const env = process.env;
const host = env.TERN_HOST;
const tls = { ca: fs.readFileSync(path.join(env.TERN_DATA, 'tls', 'cert.pem')), minVersion: 'TLSv1.2' };
const [sender, senderPass, rcpt, rcptPass, tag, work] = process.argv.slice(2);
const MOVED = 'Node/Moved';

const pass = what => console.log(`PASS ${what}`);
const fail = (what, why) => console.log(`FAIL ${what}: ${why}`);
async function check(what, fn) {
    try {
        const why = await fn();
        if (why) fail(what, why); else pass(what);
        return !why;
    } catch (e) {
        fail(what, `${e.message}${e.response ? ` (${e.response})` : ''}`);
        return false;
    }
}
const withTimeout = (promise, ms, what) => Promise.race([promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`no ${what} within ${ms / 1000} s`)), ms).unref())]);

// A message with text, HTML and a binary attachment, built by nodemailer's own composer so the exact bytes sent
// are known and can be compared with what Tern stores.
async function compose(name) {
    const built = await new MailComposer({
        from: `Node Sender <${sender}>`, to: rcpt, subject: `${tag} ${name}`, date: new Date(),
        messageId: `<${tag}-${name}@interop.test>`,
        text: `Grüße from nodemailer (${name}).\n.a line that starts with a dot\n`,
        html: `<p>Grüße from <b>nodemailer</b> (${name})</p>`,
        attachments: [{ filename: 'bytes.bin', content: Buffer.from([...Array(256).keys()]) }]
    }).compile().build();
    // The composer leaves the line ends of `text` as given (LF); SMTP carries CRLF, so make them CRLF here and
    // the bytes written, sent and stored can be compared as they are.
    const raw = Buffer.from(built.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
    fs.writeFileSync(path.join(work, `${name}.eml`), raw);
    return raw;
}
async function send(transport, name) {
    const raw = await compose(name);
    const info = await transport.sendMail({ envelope: { from: sender, to: [rcpt] }, raw });
    if (!/^250 /.test(info.response) || info.accepted.length !== 1) {
        throw new Error(`reply ${info.response}, accepted ${info.accepted}`);
    }
}

// --- nodemailer ---------------------------------------------------------------------------------------------
const starttls = nodemailer.createTransport({
    host, port: Number(env.TERN_SUBMISSION_PORT), secure: false, requireTLS: true, tls,
    auth: { user: sender, pass: senderPass, method: 'PLAIN' }
});
await check('nodemailer submission STARTTLS + AUTH PLAIN accepted', () => send(starttls, 'starttls'));
const implicit = nodemailer.createTransport({
    host, port: Number(env.TERN_SUBMISSIONS_PORT), secure: true, tls,
    auth: { user: sender, pass: senderPass, method: 'LOGIN' }
});
await check('nodemailer implicit TLS + AUTH LOGIN accepted', () => send(implicit, 'implicit'));
await check('nodemailer with a wrong password is refused (535)', async () => {
    const wrong = nodemailer.createTransport({
        host, port: Number(env.TERN_SUBMISSION_PORT), requireTLS: true, tls, auth: { user: sender, pass: 'wrong-password' }
    });
    try {
        await send(wrong, 'wrong');
        return 'sent anyway';
    } catch (e) {
        return e.responseCode === 535 ? null : `want 535, got ${e.responseCode} ${e.message}`;
    }
});

// --- imapflow: implicit TLS, AUTHENTICATE PLAIN -------------------------------------------------------------
const client = new ImapFlow({ host, port: Number(env.TERN_IMAPS_PORT), secure: true, tls,
    auth: { user: rcpt, pass: rcptPass }, logger: false });
try {
    await check('imapflow implicit TLS login', async () => {
        await client.connect();
        return client.authenticated ? null : 'not authenticated';
    });
    await check('imapflow LIST shows INBOX and the special-use folders', async () => {
        const list = await client.list();
        const uses = list.map(b => b.specialUse).filter(Boolean);
        return list.some(b => b.path === 'INBOX') && uses.includes('\\Sent') && uses.includes('\\Trash') ? null
            : `got ${list.map(b => `${b.path} ${b.specialUse || ''}`).join(', ')}`;
    });
    let uids = {};
    await check('imapflow SEARCH by subject finds both messages', async () => {
        await client.mailboxOpen('INBOX');
        for (const name of ['starttls', 'implicit']) {
            const found = await client.search({ subject: `${tag} ${name}` }, { uid: true });
            if (found.length !== 1) return `${found.length} messages with subject "${tag} ${name}"`;
            uids[name] = found[0];
        }
        return null;
    });
    await check('imapflow FETCH body equals what nodemailer sent', async () => {
        const message = await client.fetchOne(uids.starttls, { source: true, envelope: true }, { uid: true });
        const sent = fs.readFileSync(path.join(work, 'starttls.eml'));
        if (message.envelope.subject !== `${tag} starttls`) return `envelope subject ${message.envelope.subject}`;
        return message.source.subarray(message.source.length - sent.length).equals(sent) ? null
            : 'the fetched source does not end with the sent bytes';
    });
    await check('imapflow STORE +FLAGS \\Flagged', async () => {
        await client.messageFlagsAdd(uids.starttls, ['\\Flagged', '$Important'], { uid: true });
        const message = await client.fetchOne(uids.starttls, { flags: true }, { uid: true });
        return message.flags.has('\\Flagged') && message.flags.has('$Important') ? null : `flags ${[...message.flags]}`;
    });
    await check(`imapflow CREATE ${MOVED} and MOVE a message there`, async () => {
        const created = await client.mailboxCreate(MOVED.split('/'));
        if (created.path !== MOVED) return `created ${created.path}`;
        const moved = await client.messageMove(uids.implicit, MOVED, { uid: true });
        return moved && moved.uidMap && moved.uidMap.get(uids.implicit) ? null : `MOVE gave ${JSON.stringify(moved)}`;
    });
    await check('imapflow in IDLE hears of a new delivery (EXISTS)', async () => {
        const before = client.mailbox.exists;
        const heard = new Promise(resolve => client.on('exists', data => data.count > before && resolve()));
        // Not awaited: idle() resolves only when IDLE ends (the next command, here LOGOUT, ends it).
        client.idle().catch(() => {});
        await send(starttls, 'idle');
        await withTimeout(heard, 20000, 'EXISTS');
        return null;
    });
    await client.logout();
} catch (e) {
    fail('imapflow session', e.message);
    client.close();
}

// --- imapflow: STARTTLS on the IMAP port, LOGIN command -----------------------------------------------------
const second = new ImapFlow({ host, port: Number(env.TERN_IMAP_PORT), secure: false, doSTARTTLS: true, tls,
    auth: { user: rcpt, pass: rcptPass, loginMethod: 'LOGIN' }, logger: false });
await check(`imapflow STARTTLS + LOGIN sees the moved message in ${MOVED}`, async () => {
    await second.connect();
    if (!second.secureConnection) return 'the connection was not upgraded';
    await second.mailboxOpen(MOVED, { readOnly: true });
    const found = await second.search({ subject: `${tag} implicit` }, { uid: true });
    await second.logout();
    return found.length === 1 ? null : `SEARCH in ${MOVED} found ${found.length} messages`;
});
starttls.close();
implicit.close();
