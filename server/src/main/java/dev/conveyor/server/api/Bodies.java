package dev.conveyor.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.conveyor.core.InvalidInputException;
import io.javalin.http.Context;
import java.util.stream.Collectors;

/** Reads JSON request bodies into records strictly: unknown fields and wrong types are errors. */
final class Bodies {
  private static final ObjectMapper JSON =
      HttpApi.objectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Bodies() {}

  static <T> T read(Context ctx, Class<T> type) {
    String body = ctx.body();
    if (body.isBlank()) {
      throw new InvalidInputException("the request needs a JSON body");
    }
    try {
      return JSON.readValue(body, type);
    } catch (UnrecognizedPropertyException e) {
      throw new InvalidInputException(
          "unknown field '"
              + e.getPropertyName()
              + "' in the request body (known: "
              + e.getKnownPropertyIds().stream()
                  .map(Object::toString)
                  .sorted()
                  .collect(Collectors.joining(", "))
              + ")");
    } catch (InvalidFormatException e) {
      throw new InvalidInputException(
          "field '" + path(e) + "' in the request body has the wrong type: got " + e.getValue());
    } catch (MismatchedInputException e) {
      throw new InvalidInputException(
          "field '" + path(e) + "' in the request body has the wrong type or is missing");
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "the request body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static String path(MismatchedInputException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
  }
}
