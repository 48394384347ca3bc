package io.gmq.gateway.modules;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.gmq.servers.Commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AliyunIotSignerTest {

    @Test
    void signsLikeTheAliyunDeviceSdkWithOpensslAsTheIndependentCheck() {
        AliyunIotSigner.Device device = new AliyunIotSigner.Device("a1B2c3", "sensor-7", "s3cr3t", "cn-hangzhou", "c-1",
                false);
        AliyunIotSigner.Credentials credentials = AliyunIotSigner.sign(device, 1700000000000L);

        assertThat(credentials.host()).isEqualTo("a1B2c3.iot-as-mqtt.cn-hangzhou.aliyuncs.com");
        assertThat(credentials.clientId()).isEqualTo("c-1|securemode=3,signmethod=hmacsha1,timestamp=1700000000000|");
        assertThat(credentials.username()).isEqualTo("sensor-7&a1B2c3");
        String content = "clientIdc-1deviceNamesensor-7productKeya1B2c3timestamp1700000000000";
        Commands.Result openssl = Commands.run(List.of("sh", "-c",
                "printf %s '" + content + "' | openssl dgst -sha1 -hmac s3cr3t -r"), Map.of(), 10);
        assertThat(openssl.ok()).as(openssl.output()).isTrue();
        assertThat(credentials.password()).isEqualTo(openssl.output().strip().split(" ")[0]);
    }

    @Test
    void tlsAndDefaultsAndMissingKeys() {
        AliyunIotSigner.Credentials tls = AliyunIotSigner.sign(new AliyunIotSigner.Device("pk", "dn", "ds", null, null, true),
                1);
        assertThat(tls.clientId()).isEqualTo("dn|securemode=2,signmethod=hmacsha1,timestamp=1|");
        assertThat(tls.host()).isEqualTo("pk.iot-as-mqtt.cn-shanghai.aliyuncs.com");
        assertThatThrownBy(() -> AliyunIotSigner.sign(new AliyunIotSigner.Device("pk", "dn", "", null, null, null), 1))
                .hasMessage("missing key 'aliyun.device-secret'");
    }
}
