package dev.tern.mime;

import java.util.List;

/** Content-Disposition (RFC 2183) as body-fld-dsp writes it: the type and its parameters. */
public record Disposition(String type, List<Parameter> parameters) {
    public Disposition {
        parameters = List.copyOf(parameters);
    }
}
