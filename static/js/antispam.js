/*
 * The proof of work of the public forms (config/antispam.py), written for this site: no
 * third party, nothing inline (strict CSP).
 *
 * Past a rate limit the server sends a signed challenge and a number of bits; this script
 * finds a nonce such that sha256(challenge + nonce) starts with that many zero bits, puts
 * it in the form, and tells the person when the form can be sent. The hashing runs in
 * slices so that the page stays responsive.
 */
(function () {
    "use strict";

    var K = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    var W = new Int32Array(64);

    function rotr(x, n) {
        return (x >>> n) | (x << (32 - n));
    }

    /* SHA-256 (FIPS 180-4) of an ASCII string; the first 32-bit word of the digest and
     * the rest, as an Int32Array of 8 words. The challenge and the nonce are ASCII. */
    function sha256(text) {
        var length = text.length;
        var blocks = ((length + 8) >> 6) + 1;
        var words = new Int32Array(blocks * 16);
        var i;
        for (i = 0; i < length; i++) {
            words[i >> 2] |= (text.charCodeAt(i) & 0xff) << (24 - (i % 4) * 8);
        }
        words[length >> 2] |= 0x80 << (24 - (length % 4) * 8);
        words[blocks * 16 - 1] = length * 8;
        var h = new Int32Array([
            0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
            0x5be0cd19,
        ]);
        for (var block = 0; block < blocks; block++) {
            var t;
            for (t = 0; t < 16; t++) {
                W[t] = words[block * 16 + t];
            }
            for (t = 16; t < 64; t++) {
                var w15 = W[t - 15];
                var w2 = W[t - 2];
                var s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
                var s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
                W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
            }
            var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
            for (t = 0; t < 64; t++) {
                var S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
                var ch = (e & f) ^ (~e & g);
                var temp1 = (k + S1 + ch + K[t] + W[t]) | 0;
                var S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
                var maj = (a & b) ^ (a & c) ^ (b & c);
                var temp2 = (S0 + maj) | 0;
                k = g;
                g = f;
                f = e;
                e = (d + temp1) | 0;
                d = c;
                c = b;
                b = a;
                a = (temp1 + temp2) | 0;
            }
            h[0] = (h[0] + a) | 0;
            h[1] = (h[1] + b) | 0;
            h[2] = (h[2] + c) | 0;
            h[3] = (h[3] + d) | 0;
            h[4] = (h[4] + e) | 0;
            h[5] = (h[5] + f) | 0;
            h[6] = (h[6] + g) | 0;
            h[7] = (h[7] + k) | 0;
        }
        return h;
    }

    function leadingZeroBits(digest) {
        var bits = 0;
        for (var i = 0; i < digest.length; i++) {
            if (digest[i] !== 0) {
                return bits + Math.clz32(digest[i]);
            }
            bits += 32;
        }
        return bits;
    }

    /* Calls done(nonce) once sha256(token + nonce) has `bits` leading zero bits. */
    function solve(token, bits, done) {
        var nonce = 0;
        function slice() {
            var end = nonce + 20000;
            for (; nonce < end; nonce++) {
                if (leadingZeroBits(sha256(token + nonce)) >= bits) {
                    done(String(nonce));
                    return;
                }
            }
            setTimeout(slice, 0);
        }
        slice();
    }

    if (typeof module !== "undefined" && module.exports) {
        // Read by the tests of config/antispam.py (node), never in a browser.
        module.exports = { sha256: sha256, leadingZeroBits: leadingZeroBits, solve: solve };
        return;
    }

    function start(box) {
        var form = box.closest("form");
        var token = box.querySelector('input[name="antispam_challenge"]').value;
        var nonceInput = box.querySelector('input[name="antispam_nonce"]');
        var status = box.querySelector("[data-antispam-status]");
        var buttons = form.querySelectorAll('button[type="submit"], button:not([type])');
        var bits = parseInt(box.getAttribute("data-bits"), 10);
        buttons.forEach(function (button) {
            button.disabled = true;
        });
        status.textContent = box.getAttribute("data-working");
        solve(token, bits, function (nonce) {
            nonceInput.value = nonce;
            buttons.forEach(function (button) {
                button.disabled = false;
            });
            status.textContent = box.getAttribute("data-done");
        });
    }

    document.querySelectorAll("[data-antispam-challenge]").forEach(start);
})();
