package dev.imaginestudio.common;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.lang.reflect.Type;
import java.util.function.BiFunction;

/**
 * Reads API request records the way the API has always read its JSON: a value of the wrong JSON type is refused,
 * never converted ({@code "duration": 2.5} or {@code "6"} is no duration, {@code "name": 42} no name), so a client's
 * mistake gets a 400 naming the field instead of a job it did not ask for. Jackson's lenient defaults stay in force
 * for everything else (the providers' answers are read tolerantly on purpose). Unknown fields are still ignored.
 * Used through Quarkus REST's {@code @CustomDeserialization} on the API resources.
 */
public final class StrictJson implements BiFunction<ObjectMapper, Type, ObjectReader> {

    private static volatile ObjectMapper strict;
    private static volatile ObjectMapper strictOf;

    @Override
    public ObjectReader apply(ObjectMapper mapper, Type type) {
        return strict(mapper).readerFor(mapper.getTypeFactory().constructType(type));
    }

    private static ObjectMapper strict(ObjectMapper mapper) {
        if (strictOf != mapper) {
            ObjectMapper copy = mapper.copy().disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
            for (CoercionInputShape shape : new CoercionInputShape[] {
                CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean
            }) {
                copy.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
            }
            for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
                copy.coercionConfigFor(type)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
            }
            copy.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
            copy.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
            strict = copy;
            strictOf = mapper;
        }
        return strict;
    }
}
