package io.github.deltastn.nn.examples;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of the examples: {@code --name value} pairs, plus {@code --help}. Unknown names
 * and malformed values are rejected with a message that lists the known options.
 */
final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> defaults;
    private final String usage;

    /**
     * @param args the command line
     * @param defaults every known option (without {@code --}) and its default value, in display order
     * @param usage first line of the help text
     */
    Args(String[] args, Map<String, String> defaults, String usage) {
        this.defaults = defaults;
        this.usage = usage;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                throw new UsageException(help(), true);
            }
            if (!a.startsWith("--") || !defaults.containsKey(a.substring(2))) {
                throw new UsageException("unknown option '" + a + "'\n" + help());
            }
            if (i + 1 >= args.length) {
                throw new UsageException("option '" + a + "' needs a value\n" + help());
            }
            values.put(a.substring(2), args[++i]);
        }
    }

    String help() {
        StringBuilder b = new StringBuilder(usage).append("\noptions (default):");
        for (Map.Entry<String, String> e : defaults.entrySet()) {
            b.append("\n  --").append(e.getKey()).append(' ').append(e.getValue());
        }
        return b.toString();
    }

    Set<String> given() {
        return values.keySet();
    }

    String string(String name) {
        if (!defaults.containsKey(name)) {
            throw new IllegalStateException("Args: option '" + name + "' was not declared");
        }
        return values.getOrDefault(name, defaults.get(name));
    }

    int integer(String name) {
        try {
            return Integer.parseInt(string(name).trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " needs an integer, got '" + string(name) + "'");
        }
    }

    double real(String name) {
        try {
            return Double.parseDouble(string(name).trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " needs a number, got '" + string(name) + "'");
        }
    }

    /** Comma-separated positive integers, e.g. {@code 16,32}. */
    int[] integers(String name, int count) {
        String[] parts = string(name).split(",");
        if (parts.length != count) {
            throw new UsageException("option --" + name + " needs " + count + " comma-separated integers, got '"
                    + string(name) + "'");
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("option --" + name + " needs integers, got '" + string(name) + "'");
            }
            if (out[i] < 1) {
                throw new UsageException("option --" + name + " needs positive integers, got '" + string(name) + "'");
            }
        }
        return out;
    }

    /** A bad command line; the message is meant for the user. */
    static final class UsageException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final boolean help;

        UsageException(String message) {
            this(message, false);
        }

        UsageException(String message, boolean help) {
            super(message);
            this.help = help;
        }

        /** True when the user asked for {@code --help} (not an error). */
        boolean isHelp() {
            return help;
        }
    }
}
