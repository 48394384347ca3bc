package io.gmq.gateway.modules;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Aliyun IoT Platform device authentication for MQTT (HMAC-SHA1 signing of clientId, deviceName, productKey and
 * timestamp with the device secret): the broker host, client id, user name and password a device presents.
 */
public final class AliyunIotSigner {

    /** What the MQTT client connects with. */
    public record Credentials(String host, String clientId, String username, String password) {
    }

    /**
     * @param productKey device's product key @param deviceName device name @param deviceSecret device secret
     * @param region e.g. cn-shanghai @param clientId any id of the device's choosing @param tls securemode 2 (TLS) or 3
     */
    public record Device(String productKey, String deviceName, String deviceSecret, String region, String clientId,
            Boolean tls) {
    }

    private AliyunIotSigner() {
    }

    public static Credentials sign(Device device, long timestampMillis) {
        for (String[] required : new String[][] { { "product-key", device.productKey() },
                { "device-name", device.deviceName() }, { "device-secret", device.deviceSecret() } }) {
            if (required[1] == null || required[1].isBlank()) {
                throw new IllegalArgumentException("missing key 'aliyun." + required[0] + "'");
            }
        }
        String clientId = device.clientId() == null || device.clientId().isBlank() ? device.deviceName() : device.clientId();
        String timestamp = String.valueOf(timestampMillis);
        String content = "clientId" + clientId + "deviceName" + device.deviceName() + "productKey" + device.productKey()
                + "timestamp" + timestamp;
        String secureMode = Boolean.TRUE.equals(device.tls()) ? "2" : "3";
        String region = device.region() == null || device.region().isBlank() ? "cn-shanghai" : device.region();
        return new Credentials(device.productKey() + ".iot-as-mqtt." + region + ".aliyuncs.com",
                clientId + "|securemode=" + secureMode + ",signmethod=hmacsha1,timestamp=" + timestamp + "|",
                device.deviceName() + "&" + device.productKey(), hmacSha1Hex(device.deviceSecret(), content));
    }

    private static String hmacSha1Hex(String key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }
}
