package dev.tern.mime;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * The messages the benchmarks parse, write and store, as stored (CRLF line ends): built from a fixed seed, so
 * every run measures the same bytes.
 */
public final class SampleMessages {
    private static final String WORDS = "the quick brown fox jumps over lazy dog mail server message delivery "
            + "header body part mailbox folder account queue retry flag seen answered draft search fetch";

    private SampleMessages() {}

    /** A text/plain message of exactly {@code size} octets with a typical header and 72-column lines. */
    public static byte[] plain(int size, long seed) {
        var b = new StringBuilder(size + 80);
        header(b, seed, "Quarterly numbers, draft " + seed);
        b.append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=utf-8; format=flowed\r\n")
                .append("Content-Transfer-Encoding: 7bit\r\n\r\n");
        text(b, size, new SplittableRandom(seed));
        b.setLength(size - 2);
        b.append("\r\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A multipart/mixed message: a multipart/alternative (text/plain and text/html) and two base64 attachments,
     * an image/png and an application/pdf, of {@code attachmentOctets} raw octets together. With 72 KiB of
     * attachments the message is about 100 KiB.
     */
    public static byte[] multipart(int attachmentOctets, long seed) {
        var random = new SplittableRandom(seed);
        var b = new StringBuilder(attachmentOctets * 2);
        header(b, seed, "=?utf-8?q?Re=3A_Vertrag_f=C3=BCr_2027?= and the photos");
        b.append("MIME-Version: 1.0\r\n")
                .append("Content-Type: multipart/mixed; boundary=\"mixed-0123456789\"\r\n\r\n")
                .append("This is a multi-part message in MIME format.\r\n")
                .append("--mixed-0123456789\r\n")
                .append("Content-Type: multipart/alternative; boundary=\"alt-9876543210\"\r\n\r\n")
                .append("--alt-9876543210\r\n")
                .append("Content-Type: text/plain; charset=utf-8\r\n")
                .append("Content-Transfer-Encoding: quoted-printable\r\n\r\n");
        text(b, b.length() + 3000, random);
        b.append("--alt-9876543210\r\n")
                .append("Content-Type: text/html; charset=utf-8\r\n")
                .append("Content-Transfer-Encoding: quoted-printable\r\n\r\n")
                .append("<html><body><p>\r\n");
        text(b, b.length() + 6000, random);
        b.append("</p></body></html>\r\n")
                .append("--alt-9876543210--\r\n\r\n");
        attachment(b, "image/png", "photo.png", "inline", attachmentOctets / 3, random);
        attachment(b, "application/pdf", "Vertrag 2027.pdf", "attachment", attachmentOctets - attachmentOctets / 3,
                random);
        b.append("--mixed-0123456789--\r\n");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void header(StringBuilder b, long seed, String subject) {
        b.append("Return-Path: <alice@example.org>\r\n")
                .append("Received: from mx.example.org (mx.example.org [192.0.2.10])\r\n")
                .append("\tby mail.example.net with ESMTPS id 4Xq2Lm; Thu, 26 Nov 2026 09:12:44 +0000\r\n")
                .append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=2026;\r\n")
                .append("\th=from:to:cc:subject:date:message-id; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n")
                .append("\tb=dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZSBidXQgaXQgaGFzIHRoZSByaWdodCBsZW5ndGg=\r\n")
                .append("Date: Thu, 26 Nov 2026 10:12:40 +0100\r\n")
                .append("From: \"Alice Example\" <alice@example.org>\r\n")
                .append("To: Bob <bob@example.net>, \"Carol, Finance\" <carol@example.net>\r\n")
                .append("Cc: team@example.net\r\n")
                .append("Subject: ").append(subject).append("\r\n")
                .append("Message-ID: <").append(seed).append(".4f2a9c@mail.example.org>\r\n")
                .append("In-Reply-To: <previous.77@mail.example.net>\r\n");
    }

    /** Lines of words up to 72 columns until {@code b} is at least {@code until} long. */
    private static void text(StringBuilder b, int until, SplittableRandom random) {
        var words = WORDS.split(" ");
        while (b.length() < until) {
            int start = b.length();
            while (b.length() - start < 66) b.append(words[random.nextInt(words.length)]).append(' ');
            b.setLength(b.length() - 1);
            b.append("\r\n");
        }
    }

    private static void attachment(StringBuilder b, String type, String name, String disposition, int octets,
                                   SplittableRandom random) {
        var raw = new byte[octets];
        random.nextBytes(raw);
        var encoded = Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(raw);
        b.append("--mixed-0123456789\r\n")
                .append("Content-Type: ").append(type).append("; name=\"").append(name).append("\"\r\n")
                .append("Content-Disposition: ").append(disposition).append("; filename=\"").append(name)
                .append("\"; size=").append(octets).append("\r\n")
                .append("Content-Transfer-Encoding: base64\r\n")
                .append("Content-ID: <").append(octets).append(".part@mail.example.org>\r\n\r\n")
                .append(encoded).append("\r\n");
    }
}
