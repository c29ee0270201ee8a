package dev.conveyor.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The one shape of every error the API returns: a stable code, a message, optional details. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String message, Object details) {}
