package io.gmq.gateway.module;

import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Binds a module's own keys (kebab-case) to its configuration type, rejecting keys the type does not declare, so a
 * typo fails that module with a message naming the key.
 */
final class SettingsBinder {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .findAndRegisterModules();

    private SettingsBinder() {
    }

    static <C> C bind(Map<String, Object> settings, Class<C> type) {
        try {
            return MAPPER.convertValue(settings, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe(e.getCause() instanceof JsonMappingException jme ? jme : null, e));
        }
    }

    private static String describe(JsonMappingException cause, IllegalArgumentException e) {
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "unknown key '" + unknown.getPropertyName() + "'";
        }
        if (cause != null && !cause.getPath().isEmpty()) {
            String key = cause.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return "key '" + key + "': " + cause.getOriginalMessage().lines().findFirst().orElse("invalid value");
        }
        return e.getMessage();
    }
}
