package dev.tern.cli;

import picocli.CommandLine;

/** {@code tern --version}: the version from the jar's manifest (or "development" when run from classes). */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        var v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"tern " + (v == null ? "development" : v)};
    }
}
