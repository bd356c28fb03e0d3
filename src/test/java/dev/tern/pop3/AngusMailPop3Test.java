package dev.tern.pop3;

import static dev.tern.pop3.Pop3Fixture.PASSWORD;
import static dev.tern.pop3.Pop3Fixture.USER;
import static dev.tern.pop3.Pop3Fixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.TernTest;
import dev.tern.server.TernTestServer;
import dev.tern.store.SystemFlag;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.junit.jupiter.api.Test;

/** Jakarta Mail's POP3 provider (Angus Mail), a client nobody here wrote, reading and deleting. */
@TernTest
class AngusMailPop3Test {

    private static Store connect(Pop3Fixture f, boolean implicitTls) throws Exception {
        var props = new Properties();
        var protocol = implicitTls ? "pop3s" : "pop3";
        props.put("mail." + protocol + ".host", "127.0.0.1");
        props.put("mail." + protocol + ".port", Integer.toString(implicitTls ? f.tlsPort() : f.port()));
        props.put("mail." + protocol + ".connectiontimeout", "5000");
        props.put("mail." + protocol + ".timeout", "5000");
        if (implicitTls) {
            props.put("mail.pop3s.ssl.socketFactory", TernTestServer.trustAll().getSocketFactory());
            props.put("mail.pop3s.ssl.checkserveridentity", "false");
        } else {
            props.put("mail.pop3.starttls.enable", "true");
            props.put("mail.pop3.starttls.required", "true");
            props.put("mail.pop3.ssl.socketFactory", TernTestServer.trustAll().getSocketFactory());
            props.put("mail.pop3.ssl.checkserveridentity", "false");
        }
        var store = Session.getInstance(props).getStore(protocol);
        store.connect(USER, PASSWORD);
        return store;
    }

    @Test
    void readsEveryMessageByteForByteWithUids(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        var dotty = "Subject: dots\r\n\r\n.leading dot\r\n..\r\nend\r\n";
        f.deliver(message(1));
        f.deliver(dotty);
        var store = connect(f, false);
        try {
            var inbox = (POP3Folder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            var messages = inbox.getMessages();
            assertThat(messages).hasSize(2);
            assertThat(messages[0].getSubject()).isEqualTo("message 1");
            assertThat(inbox.getUID(messages[1])).hasSize(16);
            var raw = new ByteArrayOutputStream();
            messages[1].writeTo(raw);
            assertThat(raw.toString(StandardCharsets.UTF_8)).isEqualTo(dotty);
            inbox.close(false);
        } finally {
            store.close();
        }
        assertThat(f.inbox()).hasSize(2);
    }

    @Test
    void deletesOverImplicitTlsAndTheStoreSeesIt(TernTestServer tern) throws Exception {
        var f = new Pop3Fixture(tern);
        f.deliver(message(1));
        f.deliver(message(2));
        f.deliver(message(3));
        var store = connect(f, true);
        try {
            var inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            var messages = inbox.getMessages();
            assertThat(messages[1].getContent().toString()).isEqualTo("body of 2\r\n");
            messages[0].setFlag(Flags.Flag.DELETED, true);
            messages[2].setFlag(Flags.Flag.DELETED, true);
            inbox.close(true);
        } finally {
            store.close();
        }
        var left = f.inbox();
        assertThat(left).hasSize(1);
        assertThat(left.get(0).flags().has(SystemFlag.SEEN)).as("retrieved, so seen").isTrue();
    }
}
