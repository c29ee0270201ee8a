package dev.conveyor.server.api;

import java.util.Map;

/** The body of {@code POST /api/artifacts/{id}/submissions}: report file name → its text. */
public record SubmissionRequest(Map<String, String> reports) {}
