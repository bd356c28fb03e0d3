package dev.tern.server;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs each test of the class against a real Tern started on free loopback ports with its own temporary data
 * directory; a test method takes a {@link TernTestServer} parameter to learn the ports and reach the store.
 * {@link #toml()} is configuration text for the test (e.g. {@code "[limits]\nconnections = 2"}); listener and
 * admin ports are always replaced by free ones.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TernExtension.class)
public @interface TernTest {
    String toml() default "";
}
