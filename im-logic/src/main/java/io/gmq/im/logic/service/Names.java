package io.gmq.im.logic.service;

import java.util.regex.Pattern;

import io.gmq.im.common.ImCode;
import io.gmq.im.common.ImException;

/**
 * The one rule for user, room and group ids: 1–64 of letters, digits, '_', '-' and '.' (they become Redis keys and
 * conversation names, so ':' and spaces are out).
 */
final class Names {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private Names() {
    }

    static String require(String what, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new ImException(ImCode.INVALID, what + " must be 1-64 of letters, digits, '_', '-', '.'");
        }
        return value;
    }
}
