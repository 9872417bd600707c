package io.github.deltastn.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --widths} of the image experiments: the network as the authors' reference code builds it, or as the
 * paper describes it (what differs is documented on each command's option).
 */
enum Widths {
    REFERENCE, PAPER;

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code reference|paper}. */
    static final class Converter implements ITypeConverter<Widths> {
        @Override
        public Widths convert(String value) {
            for (Widths w : Widths.values()) {
                if (w.id().equalsIgnoreCase(value.trim())) {
                    return w;
                }
            }
            throw new TypeConversionException("unknown widths '" + value + "', expected reference or paper");
        }
    }

    /** The width ids, for {@code ${COMPLETION-CANDIDATES}}. */
    static final class Ids implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(Widths.values()).stream().map(Widths::id).iterator();
        }
    }
}
