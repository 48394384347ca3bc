package io.gmq.gateway.modules.imbridge;

import java.util.regex.Pattern;

/**
 * One command for a device, parsed from a room message such as {@code /cmd d1 on}: the device and the text that is
 * sent to it.
 */
public record DeviceCommand(String device, String text) {

    /** A device name is one topic level: no '/', and no MQTT wildcard, so nobody can reach another device's topic. */
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    /** Why a body addressed to the bridge is not a command. */
    public static final class Malformed extends Exception {
        Malformed(String reason) {
            super(reason);
        }
    }

    /** Whether {@code body} is addressed to the bridge: it starts with the prefix as a word of its own. */
    public static boolean addressed(String body, String prefix) {
        return body.startsWith(prefix) && (body.length() == prefix.length()
                || Character.isWhitespace(body.charAt(prefix.length())));
    }

    /** Parses {@code <prefix> <device> <text>}; the body must be {@link #addressed} to the bridge. */
    public static DeviceCommand parse(String body, String prefix) throws Malformed {
        String rest = body.substring(prefix.length()).strip();
        int space = indexOfWhitespace(rest);
        if (rest.isEmpty() || space < 0) {
            throw new Malformed("expected '" + prefix + " <device> <text>'");
        }
        String device = rest.substring(0, space);
        if (!DEVICE.matcher(device).matches()) {
            throw new Malformed("device '" + device + "' is not 1-64 of A-Z a-z 0-9 _ . : -");
        }
        return new DeviceCommand(device, rest.substring(space).strip());
    }

    /** The bus topic for this command: {@code {device}} and {@code {room}} filled in. */
    public String topic(String template, String room) {
        return template.replace("{device}", device).replace("{room}", room);
    }

    private static int indexOfWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
