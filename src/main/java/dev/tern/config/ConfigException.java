package dev.tern.config;

import java.util.List;

/** The configuration cannot be used; {@link #problems()} has one line per problem, each naming key, value and fix. */
public class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    public List<String> problems() { return problems; }
}
