package dev.conveyor.cli;

import picocli.CommandLine.Command;

/** {@code conveyor risk}: how well the risk scores have done. */
@Command(
    name = "risk",
    description = "Look at how well the risk scores have predicted failure.",
    mixinStandardHelpOptions = true,
    subcommands = RiskCalibrationCommand.class)
public final class RiskCommand {}
