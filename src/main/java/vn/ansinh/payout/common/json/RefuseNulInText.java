package vn.ansinh.payout.common.json;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * A JSON string holding a NUL character ({@code "\u0000"}) is refused where it is read, as a field of
 * the wrong form (400 with the field's path): PostgreSQL cannot store NUL in text, and a name or address
 * with one is never legitimate.
 */
@Singleton
public class RefuseNulInText implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("refuse-nul-in-text");
        module.addDeserializer(String.class, new NulRefusingStringDeserializer());
        mapper.registerModule(module);
    }

    static final class NulRefusingStringDeserializer extends StdScalarDeserializer<String> {

        NulRefusingStringDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, context);
            if (value != null && value.indexOf('\u0000') >= 0) {
                throw context.weirdStringException(value, String.class, "a NUL character is not allowed in text");
            }
            return value;
        }
    }
}
