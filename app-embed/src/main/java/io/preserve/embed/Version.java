package io.preserve.embed;

/** The library's version, recorded in every snapshot it writes: from the jar's manifest when packaged. */
final class Version {
    static final String TOOL = version();

    private Version() {
    }

    private static String version() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}
