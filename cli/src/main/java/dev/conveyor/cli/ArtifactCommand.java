package dev.conveyor.cli;

import picocli.CommandLine.Command;

/** {@code conveyor artifact}: push, list and show artifacts. */
@Command(
    name = "artifact",
    description = "Push, list and show artifacts (immutable packaged builds).",
    mixinStandardHelpOptions = true,
    subcommands = {ArtifactPushCommand.class, ArtifactListCommand.class, ArtifactShowCommand.class})
public final class ArtifactCommand {}
