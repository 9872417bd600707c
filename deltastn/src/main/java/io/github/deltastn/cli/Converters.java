package io.github.deltastn.cli;

import io.github.deltastn.core.DType;
import io.github.deltastn.toy.ToyExperiment.Problem;
import io.github.deltastn.train.Method;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters and completion candidates for the toy problem and the tuning method. */
final class Converters {
    private Converters() {}

    /** {@code ridge|dropout|linear-net}, via {@link Problem#parse}. */
    static final class ProblemConverter implements ITypeConverter<Problem> {
        @Override
        public Problem convert(String value) {
            try {
                return Problem.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The problem ids, for {@code ${COMPLETION-CANDIDATES}} in help texts. */
    static final class ProblemIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(Problem.values()).stream().map(Problem::id).iterator();
        }
    }

    /** The methods with a hyper step: {@code stn|centered|delta|centered_single} ({@code fixed} would not tune anything). */
    static final class TuningMethodConverter implements ITypeConverter<Method> {
        @Override
        public Method convert(String value) {
            Method m;
            try {
                m = Method.parse(value);
            } catch (IllegalArgumentException e) {
                m = null;
            }
            if (m == null || m == Method.FIXED) {
                throw new TypeConversionException("unknown method '" + value + "', expected stn, centered, delta, centered_single, ift or unroll");
            }
            return m;
        }
    }

    /** The tuning method ids, for {@code ${COMPLETION-CANDIDATES}}. */
    static final class TuningMethodIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("stn", "centered", "delta", "centered_single", "ift", "unroll").iterator();
        }
    }

    /** Any method, {@code fixed|stn|centered|delta}, via {@link Method#parse}. */
    static final class MethodConverter implements ITypeConverter<Method> {
        @Override
        public Method convert(String value) {
            try {
                return Method.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code float32|float64}, the element type of a run's weights, activations and data. */
    static final class DTypeConverter implements ITypeConverter<DType> {
        @Override
        public DType convert(String value) {
            for (DType d : DType.values()) {
                if (d.toString().equals(value.trim().toLowerCase(java.util.Locale.ROOT))) {
                    return d;
                }
            }
            throw new TypeConversionException("unknown dtype '" + value + "', expected float32 or float64");
        }
    }

    /** All method ids, for {@code ${COMPLETION-CANDIDATES}}. */
    static final class MethodIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(Method.values()).stream().map(Method::id).iterator();
        }
    }
}
