/* sw-dtoa.c
 *
 * Copyright 2026 The Stepwise Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <string.h>

#include "sw-dtoa.h"

/* Doubles to decimal text with Raffaello Giulietti's Schubfach algorithm ("The Schubfach way
 * to render doubles", 2020; the algorithm of Java 19's Double.toString): of the decimals that
 * read back as the double, the one with the fewest digits and, among those, the closest to
 * the double's exact value (ties to an even last digit) — the digits ECMAScript's
 * Number::toString asks for. The double c·2^q (c the integer significand) is scaled by
 * 10^-k, k = ⌊log10 2^q⌋, through a 126-bit approximation g of 10^-k·2^r rounded up; the
 * product rounded to odd keeps enough to decide exactly whether the shorter and the two
 * neighbouring decimals lie inside the rounding interval. */

#define Q_MIN (-1074)
#define C_MIN (G_GUINT64_CONSTANT (1) << 52)
#define K_MIN (-324)
#define K_MAX 292
#define MASK_63 ((G_GUINT64_CONSTANT (1) << 63) - 1)

/* g = ⌊10^-k·2^(125 - ⌊log2 10^-k⌋)⌋ + 1 split as g1·2^63 + g0, for k from K_MIN to K_MAX,
 * made with exact arithmetic:
 *   for k in range (-324, 293):
 *     f = (-k * 913124641741) >> 38
 *     g = math.floor (Fraction (10) ** -k * Fraction (2) ** (125 - f)) + 1
 *     print (g >> 63, g & (2 ** 63 - 1)) */
static const guint64 g_table[][2] = {
  { 0x4f0cedc95a718dd4U, 0x5b01e8b09aa0d1b5U }, /* -324 */
  { 0x7e7b160ef71c1621U, 0x119ca780f767b5eeU }, /* -323 */
  { 0x652f44d8c5b011b4U, 0x0e16ec672c52f7f2U }, /* -322 */
  { 0x50f29d7a37c00e29U, 0x581256b8f0425ff5U }, /* -321 */
  { 0x40c21794f96671baU, 0x79a84560c0351991U }, /* -320 */
  { 0x679cf287f570b5f7U, 0x75da089acd21c281U }, /* -319 */
  { 0x52e3f5399126f7f9U, 0x44ae6d48a41b0201U }, /* -318 */
  { 0x424ff76140ebf994U, 0x36f1f106e9af34cdU }, /* -317 */
  { 0x6a198bcece465c20U, 0x57e981a4a918547bU }, /* -316 */
  { 0x54e13ca571d1e34dU, 0x2cbace1d541376c9U }, /* -315 */
  { 0x43e763b78e4182a4U, 0x23c8a4e44342c56eU }, /* -314 */
  { 0x6ca56c58e39c043aU, 0x060dd4a06b9e08b0U }, /* -313 */
  { 0x56eabd13e9499cfbU, 0x1e7176e6bc7e6d59U }, /* -312 */
  { 0x458897432107b0c8U, 0x7ec12bebc9febde1U }, /* -311 */
  { 0x6f40f20501a5e7a7U, 0x7e01dfdfa9979635U }, /* -310 */
  { 0x5900c19d9aeb1fb9U, 0x4b34b319547944f7U }, /* -309 */
  { 0x4733ce17af227fc7U, 0x55c3c27aa9fa9d93U }, /* -308 */
  { 0x71ec7cf2b1d0cc72U, 0x560603f7765dc8eaU }, /* -307 */
  { 0x5b2397288e40a38eU, 0x7804cff92b7e3a55U }, /* -306 */
  { 0x48e945ba0b66e93fU, 0x13370cc755fe9511U }, /* -305 */
  { 0x74a86f90123e41feU, 0x51f1ae0bbcca881bU }, /* -304 */
  { 0x5d538c7341cb67feU, 0x74c1580963d539afU }, /* -303 */
  { 0x4aa93d29016f8665U, 0x43cde0078310faf3U }, /* -302 */
  { 0x77752ea8024c0a3cU, 0x0616333f381b2b1eU }, /* -301 */
  { 0x5f90f22001d66e96U, 0x3811c298f9af55b1U }, /* -300 */
  { 0x4c73f4e667debedeU, 0x600e35472e25de28U }, /* -299 */
  { 0x7a532170a6313164U, 0x3349eed849d6303fU }, /* -298 */
  { 0x61dc1ac084f42783U, 0x42a18be03b11c033U }, /* -297 */
  { 0x4e49af006a5cec69U, 0x1bb46fe695a7ccf5U }, /* -296 */
  { 0x7d42b19a43c7e0a8U, 0x2c53e63dbc3fae55U }, /* -295 */
  { 0x64355ae1cfd31a20U, 0x237651cafcffbeaaU }, /* -294 */
  { 0x502aaf1b0ca8e1b3U, 0x35f8416f30cc9888U }, /* -293 */
  { 0x402225af3d53e7c2U, 0x5e603458f3d6e06dU }, /* -292 */
  { 0x669d0918621fd937U, 0x4a3386f4b957cd7bU }, /* -291 */
  { 0x52173a79e8197a92U, 0x6e8f9f2a2ddfd796U }, /* -290 */
  { 0x41ac2ec7ece12edbU, 0x720c7f54f17fdfabU }, /* -289 */
  { 0x69137e0cae3517c6U, 0x1ce0cbbb1bffcc45U }, /* -288 */
  { 0x540f980a24f74638U, 0x171a3c95afffd69eU }, /* -287 */
  { 0x433facd4ea5f6b60U, 0x127b63aaf3331218U }, /* -286 */
  { 0x6b991487dd657899U, 0x6a5f05de51eb5026U }, /* -285 */
  { 0x5614106cb11dfa14U, 0x5518d17ea7ef7352U }, /* -284 */
  { 0x44dcd9f08db194ddU, 0x2a7a41321ff2c2a8U }, /* -283 */
  { 0x6e2e2980e2b5bafbU, 0x5d906850331e043fU }, /* -282 */
  { 0x5824ee00b55e2f2fU, 0x647386a68f4b3699U }, /* -281 */
  { 0x4683f19a2ab1bf59U, 0x36c2d21ed908f87bU }, /* -280 */
  { 0x70d31c29dde93228U, 0x579e1cfe280e5a5dU }, /* -279 */
  { 0x5a427cee4b20f4edU, 0x2c7e7d98200b7b7eU }, /* -278 */
  { 0x483530bea280c3f1U, 0x09fecae019a2c932U }, /* -277 */
  { 0x73884dfdd0ce064eU, 0x43314499c29e0eb6U }, /* -276 */
  { 0x5c6d0b3173d8050bU, 0x4f5a9d47cee4d891U }, /* -275 */
  { 0x49f0d5c129799da2U, 0x72aee4397250ad41U }, /* -274 */
  { 0x764e22cea8c295d1U, 0x377e39f583b44868U }, /* -273 */
  { 0x5ea4e8a553cede41U, 0x12cb61913629d387U }, /* -272 */
  { 0x4bb72084430be500U, 0x756f8140f8217605U }, /* -271 */
  { 0x792500d39e796e67U, 0x6f18cece59cf233cU }, /* -270 */
  { 0x60ea670fb1fabeb9U, 0x3f470bd847d8e8fdU }, /* -269 */
  { 0x4d885272f4c89894U, 0x329f3cad064720caU }, /* -268 */
  { 0x7c0d50b7ee0dc0edU, 0x37652de1a3a50143U }, /* -267 */
  { 0x633dda2cbe716724U, 0x2c50f1814fb73436U }, /* -266 */
  { 0x4f64ae8a31f45283U, 0x3d0d8e010c92902bU }, /* -265 */
  { 0x7f077da9e986ea6bU, 0x7b48e334e0ea8045U }, /* -264 */
  { 0x659f97bb2138bb89U, 0x49071c2a4d88669dU }, /* -263 */
  { 0x514c796280fa2fa1U, 0x20d27ceea46d1ee4U }, /* -262 */
  { 0x4109fab533fb594dU, 0x670eca58838a7f1dU }, /* -261 */
  { 0x680ff788532bc216U, 0x0b4add5a6c10cb62U }, /* -260 */
  { 0x533ff939dc2301abU, 0x22a24aaebcda3c4eU }, /* -259 */
  { 0x4299942e49b59aefU, 0x354ea22563e1c9d8U }, /* -258 */
  { 0x6a8f537d42bc2b18U, 0x554a9d089fcfa95aU }, /* -257 */
  { 0x553f75fdcefcef46U, 0x776ee406e63fbaaeU }, /* -256 */
  { 0x4432c4cb0bfd8c38U, 0x5f8be99f1e996225U }, /* -255 */
  { 0x6d1e07ab466279f4U, 0x327975cb64289d08U }, /* -254 */
  { 0x574b3955d1e86190U, 0x28612b091ced4a6dU }, /* -253 */
  { 0x45d5c777db204e0dU, 0x06b4226db0bdd524U }, /* -252 */
  { 0x6fbc72595e9a167bU, 0x24536a491ac95506U }, /* -251 */
  { 0x59638eade54811fcU, 0x1d0f883a7bd44405U }, /* -250 */
  { 0x4782d88b1dd34196U, 0x4a72d361fca9d004U }, /* -249 */
  { 0x726af411c952028aU, 0x43eaebcffaa94cd3U }, /* -248 */
  { 0x5b88c3416ddb353bU, 0x4fef230cc88770a9U }, /* -247 */
  { 0x493a35cdf17c2a96U, 0x0cbf4f3d6d3926eeU }, /* -246 */
  { 0x7529efafe8c6aa89U, 0x61321862485b717cU }, /* -245 */
  { 0x5dbb262653d22207U, 0x675b46b506af8dfdU }, /* -244 */
  { 0x4afc1e850fdb4e6cU, 0x52af6bc405593e64U }, /* -243 */
  { 0x77f9ca6e7fc54a47U, 0x377f12d33bc1fd6dU }, /* -242 */
  { 0x5ffb085866376e9fU, 0x45ff42429634cabdU }, /* -241 */
  { 0x4cc8d379eb5f8bb2U, 0x6b329b68782a3bcbU }, /* -240 */
  { 0x7adaebf64565ac51U, 0x2b842bda59dd2c77U }, /* -239 */
  { 0x6248bcc5045156a7U, 0x3c69bcaeae4a89f9U }, /* -238 */
  { 0x4ea0970403744552U, 0x6387ca25583ba194U }, /* -237 */
  { 0x7dcdbe6cd253a21eU, 0x05a6103bc05f68edU }, /* -236 */
  { 0x64a498570ea94e7eU, 0x37b80cfc99e5ed8aU }, /* -235 */
  { 0x5083ad1272210b98U, 0x2c933d96e184be08U }, /* -234 */
  { 0x40695741f4e73c79U, 0x7075cadf1ad09807U }, /* -233 */
  { 0x670ef2032171fa5cU, 0x4d8944982ae759a4U }, /* -232 */
  { 0x52725b35b45b2eb0U, 0x3e076a135585e150U }, /* -231 */
  { 0x41f515c49048f226U, 0x64d2bb42aad1810dU }, /* -230 */
  { 0x698822d41a0e503eU, 0x07b7920444826815U }, /* -229 */
  { 0x546ce8a9ae71d9cbU, 0x1fc60e69d0685344U }, /* -228 */
  { 0x438a53baf1f4ae3cU, 0x196b3ebb0d20429dU }, /* -227 */
  { 0x6c1085f7e9877d2dU, 0x0f11fdf815006a94U }, /* -226 */
  { 0x56739e5fee05fdbdU, 0x58db319344005543U }, /* -225 */
  { 0x45294b7ff19e6497U, 0x60af5adc3666aa9cU }, /* -224 */
  { 0x6ea878ccb5ca3a8cU, 0x344bc4938a3dddc7U }, /* -223 */
  { 0x5886c70a2b082ed6U, 0x5d096a0fa1cb17d2U }, /* -222 */
  { 0x46d238d4ef39bf12U, 0x173abb3fb4a27975U }, /* -221 */
  { 0x71505aee4b8f981dU, 0x0b912b992103f588U }, /* -220 */
  { 0x5aa6af25093face4U, 0x0940efadb4032ad3U }, /* -219 */
  { 0x488558ea6dcc8a50U, 0x07672624900288a9U }, /* -218 */
  { 0x74088e43e2e0dd4cU, 0x723ea36db337410eU }, /* -217 */
  { 0x5cd3a5031be71770U, 0x5b654f8af5c5cda5U }, /* -216 */
  { 0x4a42ea68e31f45f3U, 0x62b772d5916b0aebU }, /* -215 */
  { 0x76d1770e38320986U, 0x0458b7bc1bde77ddU }, /* -214 */
  { 0x5f0df8d82cf4d46bU, 0x1d13c630164b9318U }, /* -213 */
  { 0x4c0b2d79bd90a9efU, 0x30dc9e8cdea2dc13U }, /* -212 */
  { 0x79ab7bf5fc1aa97fU, 0x0160fdae31049351U }, /* -211 */
  { 0x6155fcc4c9aeedffU, 0x1ab3fe24f403a90eU }, /* -210 */
  { 0x4dde63d0a158be65U, 0x6229981d9002eda5U }, /* -209 */
  { 0x7c97061a9bc130a2U, 0x69dc2695b337e2a1U }, /* -208 */
  { 0x63ac04e2163426e8U, 0x54b01ede28f9821bU }, /* -207 */
  { 0x4fbcd0b4de901f20U, 0x43c018b1ba6134e2U }, /* -206 */
  { 0x7f9481216419cb67U, 0x1f99c11c5d68549dU }, /* -205 */
  { 0x6610674de9ae3c52U, 0x4c7b00e37ded107eU }, /* -204 */
  { 0x51a6b90b21583042U, 0x09fc00b5fe574065U }, /* -203 */
  { 0x41522da2811359ceU, 0x3b3000919845cd1dU }, /* -202 */
  { 0x68837c3734ebc2e3U, 0x784ccdb5c06fae95U }, /* -201 */
  { 0x539c635f5d8968b6U, 0x2d0a3e2b00595877U }, /* -200 */
  { 0x42e382b2b13aba2bU, 0x3da1cb5599e11393U }, /* -199 */
  { 0x6b059deab52ac378U, 0x629c7888f634ec1eU }, /* -198 */
  { 0x559e17eef755692dU, 0x3549fa072b5d89b1U }, /* -197 */
  { 0x447e798bf91120f1U, 0x1107fb38ef7e07c1U }, /* -196 */
  { 0x6d9728dff4e834b5U, 0x01a65ec17f300c68U }, /* -195 */
  { 0x57ac20b32a535d5dU, 0x4e1eb23465c009edU }, /* -194 */
  { 0x46234d5c21dc4ab1U, 0x24e55b5d1e333b24U }, /* -193 */
  { 0x70387bc69c93aab5U, 0x216ef894fd1ec506U }, /* -192 */
  { 0x59c6c96bb076222aU, 0x4df2607730e56a6cU }, /* -191 */
  { 0x47d23abc8d2b4e88U, 0x3e5b805f5a5121f0U }, /* -190 */
  { 0x72e9f79415121740U, 0x63c59a322a1b697fU }, /* -189 */
  { 0x5bee5fa9aa74df67U, 0x03047b5b54e2baccU }, /* -188 */
  { 0x498b7fbaeec3e5ecU, 0x0269fc4910b5623dU }, /* -187 */
  { 0x75abff917e063cacU, 0x6a432d41b45569fbU }, /* -186 */
  { 0x5e2332dacb38308aU, 0x21cf5767c37787fcU }, /* -185 */
  { 0x4b4f5be23c2cf3a1U, 0x67d912b9692c6ccaU }, /* -184 */
  { 0x787ef969f9e185cfU, 0x595b5128a8471476U }, /* -183 */
  { 0x60659454c7e79e3fU, 0x6115da86ed05a9f8U }, /* -182 */
  { 0x4d1e1043d31fb1ccU, 0x4dab1538bd9e2193U }, /* -181 */
  { 0x7b634d3951cc4fadU, 0x62ab552795c9cf52U }, /* -180 */
  { 0x62b5d7610e3d0c8bU, 0x0222aa86116e3f75U }, /* -179 */
  { 0x4ef7df80d830d6d5U, 0x4e822204dabe992aU }, /* -178 */
  { 0x7e59659af38157bcU, 0x17369cd49130f510U }, /* -177 */
  { 0x65145148c2cddfc9U, 0x5f5ee3dd40f3f740U }, /* -176 */
  { 0x50dd0dd3cf0b196eU, 0x1918b64a9a5cc5cdU }, /* -175 */
  { 0x40b0d7dca5a27abeU, 0x4746f83baeb09e3eU }, /* -174 */
  { 0x678159610903f797U, 0x253e59f91780fd2fU }, /* -173 */
  { 0x52cde11a6d9cc612U, 0x50feae60df9a6426U }, /* -172 */
  { 0x423e4daebe1704dbU, 0x5a65584d7faeb685U }, /* -171 */
  { 0x69fd4917968b3af9U, 0x10a226e265e4573bU }, /* -170 */
  { 0x54caa0dfaba29594U, 0x0d4e8581eb1d1295U }, /* -169 */
  { 0x43d54d7fbc821143U, 0x243ed134bc174211U }, /* -168 */
  { 0x6c887bff94034ed2U, 0x06cae85460253682U }, /* -167 */
  { 0x56d396661002a574U, 0x6bd586a9e6842b9bU }, /* -166 */
  { 0x457611eb40021df7U, 0x09779eee52035616U }, /* -165 */
  { 0x6f234fdeccd02ff1U, 0x5bf297e3b66bbcefU }, /* -164 */
  { 0x58e90cb23d73598eU, 0x165bacb62b8963f3U }, /* -163 */
  { 0x4720d6f4fdf5e13eU, 0x451623c4efa11cc2U }, /* -162 */
  { 0x71ce24bb2fefcecaU, 0x3b569fa17f682e03U }, /* -161 */
  { 0x5b0b5095bff30bd5U, 0x15dee61acc535803U }, /* -160 */
  { 0x48d5da11665c0977U, 0x2b18b8157042accfU }, /* -159 */
  { 0x74895ce8a3c6758bU, 0x5e8df355806aae18U }, /* -158 */
  { 0x5d3ab0ba1c9ec46fU, 0x653e5c4466bbbe7aU }, /* -157 */
  { 0x4a955a2e7d4bd059U, 0x3765169d1efc9861U }, /* -156 */
  { 0x77555d172edfb3c2U, 0x256e8a94fe60f3cfU }, /* -155 */
  { 0x5f777dac257fc301U, 0x6abed543feb3f63fU }, /* -154 */
  { 0x4c5f97bceacc9c01U, 0x3bcbddcffef65e99U }, /* -153 */
  { 0x7a328c6177adc668U, 0x5fac961997f0975bU }, /* -152 */
  { 0x61c209e792f16b86U, 0x7fbd44e1465a12afU }, /* -151 */
  { 0x4e34d4b9425abc6bU, 0x7fca9d810514dbbfU }, /* -150 */
  { 0x7d21545b9d5dfa46U, 0x32ddc8ce6e87c5ffU }, /* -149 */
  { 0x641aa9e2e44b2e9eU, 0x5be4a0a525396b32U }, /* -148 */
  { 0x501554b5836f587eU, 0x7cb6e6ea842def5cU }, /* -147 */
  { 0x4011109135f2ad32U, 0x30925255368b25e3U }, /* -146 */
  { 0x6681b41b89844850U, 0x4db6ea21f0dea304U }, /* -145 */
  { 0x52015ce2d469d373U, 0x57c5881b2718826aU }, /* -144 */
  { 0x419ab0b576bb0f8fU, 0x5fd139af527a01efU }, /* -143 */
  { 0x68f781225791b27fU, 0x4c81f5e550c3364aU }, /* -142 */
  { 0x53f9341b79415b99U, 0x239b2b1dda35c508U }, /* -141 */
  { 0x432dc3492dcde2e1U, 0x02e288e4ae916a6dU }, /* -140 */
  { 0x6b7c6ba849496b01U, 0x516a74a1174f10aeU }, /* -139 */
  { 0x55fd22ed076def34U, 0x4121f6e745d8da25U }, /* -138 */
  { 0x44ca82573924bf5dU, 0x1a8192529e4714ebU }, /* -137 */
  { 0x6e10d08b8ea1322eU, 0x5d9c1d50fd3e87ddU }, /* -136 */
  { 0x580d73a2d880f4f2U, 0x17b01773fdcb9fe4U }, /* -135 */
  { 0x4671294f139a5d8eU, 0x4626792997d61984U }, /* -134 */
  { 0x70b50ee4ec2a2f4aU, 0x3d0a5b75bfbcf59fU }, /* -133 */
  { 0x5a2a7250bcee8c3bU, 0x4a6eaf916630c47fU }, /* -132 */
  { 0x4821f50d63f209c9U, 0x21f2260deb5a36ccU }, /* -131 */
  { 0x736988156cb6760eU, 0x69837016455d247aU }, /* -130 */
  { 0x5c546cddf091f80bU, 0x6e02c011d1175062U }, /* -129 */
  { 0x49dd23e4c074c66fU, 0x719bccdb0dac404eU }, /* -128 */
  { 0x762e9fd467213d7fU, 0x68f947c4e2ad33b0U }, /* -127 */
  { 0x5e8bb3105280fdffU, 0x6d94396a4ef0f627U }, /* -126 */
  { 0x4ba2f5a6a8673199U, 0x3e102deea58d91b9U }, /* -125 */
  { 0x7904bc3dda3eb5c2U, 0x3019e3176f48e927U }, /* -124 */
  { 0x60d09697e1cbc49bU, 0x4014b5ac590720ecU }, /* -123 */
  { 0x4d73abacb4a303afU, 0x4cdd5e237a6c1a57U }, /* -122 */
  { 0x7bec45e12104d2b2U, 0x47c8969f2a46908aU }, /* -121 */
  { 0x63236b1a80d0a88eU, 0x6ca0787f5505406fU }, /* -120 */
  { 0x4f4f88e200a6ed3fU, 0x0a19f9ff773766bfU }, /* -119 */
  { 0x7ee5a7d0010b1531U, 0x5cf65ccbf1f23dfeU }, /* -118 */
  { 0x6584864000d5aa8eU, 0x172b7d6ff4c1cb32U }, /* -117 */
  { 0x5136d1cccd77bba4U, 0x78ef978cc3ce3c28U }, /* -116 */
  { 0x40f8a7d70ac62fb7U, 0x13f2dfa3cfd83020U }, /* -115 */
  { 0x67f43fbe77a37f8bU, 0x398499061959e699U }, /* -114 */
  { 0x5329cc985fb5ffa2U, 0x6136e0d1ade18548U }, /* -113 */
  { 0x4287d6e04c91994fU, 0x00f8b3daf181376dU }, /* -112 */
  { 0x6a72f166e0e8f54bU, 0x1b27862b1c01f247U }, /* -111 */
  { 0x5528c11f1a53f76fU, 0x2f52d1bc1667f506U }, /* -110 */
  { 0x44209a7f48432c59U, 0x0c424163451ff738U }, /* -109 */
  { 0x6d00f7320d3846f4U, 0x7a039bd208332526U }, /* -108 */
  { 0x5733f8f4d76038c3U, 0x7b361641a028ea85U }, /* -107 */
  { 0x45c32d90ac4cfa36U, 0x2f5e78348020bb9eU }, /* -106 */
  { 0x6f9eaf4de07b29f0U, 0x4bca59ed99cdf8fcU }, /* -105 */
  { 0x594bbf71806287f3U, 0x563b7b247b0b2d96U }, /* -104 */
  { 0x476fcc5acd1b9ff6U, 0x11c92f50626f57acU }, /* -103 */
  { 0x724c7a2ae1c5ccbdU, 0x02db7ee703e55912U }, /* -102 */
  { 0x5b7061bbe7d17097U, 0x1be2cbec031de0dcU }, /* -101 */
  { 0x4926b496530df3acU, 0x164f09899c17e716U }, /* -100 */
  { 0x750aba8a1e7cb913U, 0x3d4b4275c68ca4f0U }, /* -99 */
  { 0x5da22ed4e530940fU, 0x4aa29b916ba3b726U }, /* -98 */
  { 0x4ae825771dc07672U, 0x6ee87c74561c9285U }, /* -97 */
  { 0x77d9d58b62cd8a51U, 0x3173fa53bcfa8408U }, /* -96 */
  { 0x5fe177a2b5713b74U, 0x278ffb7630c869a0U }, /* -95 */
  { 0x4cb45fb55df42f90U, 0x1fa662c4f3d387b3U }, /* -94 */
  { 0x7aba32bbc986b280U, 0x32a3d13b1fb8d91fU }, /* -93 */
  { 0x622e8efca1388ecdU, 0x0ee9742f4c93e0e6U }, /* -92 */
  { 0x4e8ba596e760723dU, 0x58bac3590a0fe71eU }, /* -91 */
  { 0x7dac3c24a5671d2fU, 0x412ad228101971c9U }, /* -90 */
  { 0x6489c9b6eab8e426U, 0x00ef0e8673478e3bU }, /* -89 */
  { 0x506e3af8bbc71cebU, 0x1a58d86b8f6c71c9U }, /* -88 */
  { 0x40582f2d6305b0bcU, 0x1513e0560c56c16eU }, /* -87 */
  { 0x66f37eaf04d5e793U, 0x3b530089ad579be2U }, /* -86 */
  { 0x525c6558d0ab1fa9U, 0x15dc006e2446164fU }, /* -85 */
  { 0x41e384470d55b2edU, 0x5e4999f1b69e783fU }, /* -84 */
  { 0x696c06d81555eb15U, 0x7d428fe92430c065U }, /* -83 */
  { 0x54566be0111188deU, 0x31020cba835a3384U }, /* -82 */
  { 0x4378564cda746d7eU, 0x5a680a2ecf7b5c69U }, /* -81 */
  { 0x6bf3bd47c3ed7bfdU, 0x770cdd17b25efa42U }, /* -80 */
  { 0x565c976c9cbdfccbU, 0x1270b0dfc1e59502U }, /* -79 */
  { 0x4516df8a16fe63d5U, 0x5b8d5a4c9b1e10ceU }, /* -78 */
  { 0x6e8aff4357fd6c89U, 0x127bc3adc4fce7b0U }, /* -77 */
  { 0x586f329c466456d4U, 0x0ec96957d0ca52f3U }, /* -76 */
  { 0x46bf5bb038504576U, 0x3f07877973d50f29U }, /* -75 */
  { 0x71322c4d26e6d58aU, 0x31a5a58f1fbb4b75U }, /* -74 */
  { 0x5a8e89d75252446eU, 0x5aeaead8e62f6f91U }, /* -73 */
  { 0x487207df750e9d25U, 0x2f22557a51bf8c74U }, /* -72 */
  { 0x73e9a63254e42ea2U, 0x1836ef2a1c65ad86U }, /* -71 */
  { 0x5cbaeb5b771cf21bU, 0x2cf8bf54e3848ad2U }, /* -70 */
  { 0x4a2f22af927d8e7cU, 0x23fa32aa4f9d3bdbU }, /* -69 */
  { 0x76b1d118ea627d93U, 0x5329eaaa18fb92f8U }, /* -68 */
  { 0x5ef4a74721e86476U, 0x0f54bbbb472fa8c6U }, /* -67 */
  { 0x4bf6ec38e7ed1d2bU, 0x25dd62fc38f2ed6cU }, /* -66 */
  { 0x798b138e3fe1c845U, 0x22fbd1938e517bdfU }, /* -65 */
  { 0x613c0fa4ffe7d36aU, 0x4f2fdadc71dac97fU }, /* -64 */
  { 0x4dc9a61d998642bbU, 0x58f3157d27e23accU }, /* -63 */
  { 0x7c75d695c2706ac5U, 0x74b82261d969f7adU }, /* -62 */
  { 0x63917877cec0556bU, 0x10934eb4adee5fbeU }, /* -61 */
  { 0x4fa793930bcd1122U, 0x4075d8908b251965U }, /* -60 */
  { 0x7f7285b812e1b504U, 0x00bc8db411d4f56eU }, /* -59 */
  { 0x65f537c675815d9cU, 0x66fd3e29a7dd9125U }, /* -58 */
  { 0x5190f96b91344ae3U, 0x6bfdcb54864ada84U }, /* -57 */
  { 0x4140c78940f6a24fU, 0x6ffe3c439ea2486aU }, /* -56 */
  { 0x6867a5a867f103b2U, 0x7ffd2d38fdd073dcU }, /* -55 */
  { 0x53861e2053273628U, 0x6664242d97d9f64aU }, /* -54 */
  { 0x42d1b1b375b8f820U, 0x51e9b68adfe191d5U }, /* -53 */
  { 0x6ae91c5255f4c034U, 0x1ca924116635b621U }, /* -52 */
  { 0x558749db77f70029U, 0x63ba83411e915e81U }, /* -51 */
  { 0x446c3b15f9926687U, 0x6962029a7edab201U }, /* -50 */
  { 0x6d79f82328ea3da6U, 0x0f03375d97c45001U }, /* -49 */
  { 0x5794c6828721caebU, 0x259c2c4adfd04001U }, /* -48 */
  { 0x46109eced2816f22U, 0x5149bd08b30d0001U }, /* -47 */
  { 0x701a97b150cf1837U, 0x3542c80deb480001U }, /* -46 */
  { 0x59aedfc10d7279c5U, 0x7768a00b22a00001U }, /* -45 */
  { 0x47bf19673df52e37U, 0x79208008e8800001U }, /* -44 */
  { 0x72cb5bd86321e38cU, 0x5b67334174000001U }, /* -43 */
  { 0x5bd5e313828182d6U, 0x7c528f6790000001U }, /* -42 */
  { 0x4977e8dc68679bdfU, 0x16a872b940000001U }, /* -41 */
  { 0x758ca7c70d7292feU, 0x5773eac200000001U }, /* -40 */
  { 0x5e0a1fd271287598U, 0x45f6556800000001U }, /* -39 */
  { 0x4b3b4ca85a86c47aU, 0x04c5112000000001U }, /* -38 */
  { 0x785ee10d5da46d90U, 0x07a1b50000000001U }, /* -37 */
  { 0x604be73de4838ad9U, 0x52e7c40000000001U }, /* -36 */
  { 0x4d0985cb1d3608aeU, 0x0f1fd00000000001U }, /* -35 */
  { 0x7b426fab61f00de3U, 0x31cc800000000001U }, /* -34 */
  { 0x629b8c891b267182U, 0x5b0a000000000001U }, /* -33 */
  { 0x4ee2d6d415b85aceU, 0x7c08000000000001U }, /* -32 */
  { 0x7e37be2022c0914bU, 0x1340000000000001U }, /* -31 */
  { 0x64f964e68233a76fU, 0x2900000000000001U }, /* -30 */
  { 0x50c783eb9b5c85f2U, 0x5400000000000001U }, /* -29 */
  { 0x409f9cbc7c4a04c2U, 0x1000000000000001U }, /* -28 */
  { 0x6765c793fa10079dU, 0x0000000000000001U }, /* -27 */
  { 0x52b7d2dcc80cd2e4U, 0x0000000000000001U }, /* -26 */
  { 0x422ca8b0a00a4250U, 0x0000000000000001U }, /* -25 */
  { 0x69e10de76676d080U, 0x0000000000000001U }, /* -24 */
  { 0x54b40b1f852bda00U, 0x0000000000000001U }, /* -23 */
  { 0x43c33c1937564800U, 0x0000000000000001U }, /* -22 */
  { 0x6c6b935b8bbd4000U, 0x0000000000000001U }, /* -21 */
  { 0x56bc75e2d6310000U, 0x0000000000000001U }, /* -20 */
  { 0x4563918244f40000U, 0x0000000000000001U }, /* -19 */
  { 0x6f05b59d3b200000U, 0x0000000000000001U }, /* -18 */
  { 0x58d15e1762800000U, 0x0000000000000001U }, /* -17 */
  { 0x470de4df82000000U, 0x0000000000000001U }, /* -16 */
  { 0x71afd498d0000000U, 0x0000000000000001U }, /* -15 */
  { 0x5af3107a40000000U, 0x0000000000000001U }, /* -14 */
  { 0x48c2739500000000U, 0x0000000000000001U }, /* -13 */
  { 0x746a528800000000U, 0x0000000000000001U }, /* -12 */
  { 0x5d21dba000000000U, 0x0000000000000001U }, /* -11 */
  { 0x4a817c8000000000U, 0x0000000000000001U }, /* -10 */
  { 0x7735940000000000U, 0x0000000000000001U }, /* -9 */
  { 0x5f5e100000000000U, 0x0000000000000001U }, /* -8 */
  { 0x4c4b400000000000U, 0x0000000000000001U }, /* -7 */
  { 0x7a12000000000000U, 0x0000000000000001U }, /* -6 */
  { 0x61a8000000000000U, 0x0000000000000001U }, /* -5 */
  { 0x4e20000000000000U, 0x0000000000000001U }, /* -4 */
  { 0x7d00000000000000U, 0x0000000000000001U }, /* -3 */
  { 0x6400000000000000U, 0x0000000000000001U }, /* -2 */
  { 0x5000000000000000U, 0x0000000000000001U }, /* -1 */
  { 0x4000000000000000U, 0x0000000000000001U }, /* 0 */
  { 0x6666666666666666U, 0x3333333333333334U }, /* 1 */
  { 0x51eb851eb851eb85U, 0x0f5c28f5c28f5c29U }, /* 2 */
  { 0x4189374bc6a7ef9dU, 0x5916872b020c49bbU }, /* 3 */
  { 0x68db8bac710cb295U, 0x74f0d844d013a92bU }, /* 4 */
  { 0x53e2d6238da3c211U, 0x43f3e0370cdc8755U }, /* 5 */
  { 0x431bde82d7b634daU, 0x698fe69270b06c44U }, /* 6 */
  { 0x6b5fca6af2bd215eU, 0x0f4ca41d811a46d4U }, /* 7 */
  { 0x55e63b88c230e77eU, 0x3f70834acdae9f10U }, /* 8 */
  { 0x44b82fa09b5a52cbU, 0x4c5a02a23e254c0dU }, /* 9 */
  { 0x6df37f675ef6eadfU, 0x2d5cd10396a21347U }, /* 10 */
  { 0x57f5ff85e592557fU, 0x3de3da69454e75d3U }, /* 11 */
  { 0x465e6604b7a84465U, 0x7e4fe1edd10b9175U }, /* 12 */
  { 0x709709a125da0709U, 0x4a19697c81ac1befU }, /* 13 */
  { 0x5a126e1a84ae6c07U, 0x54e1213067bce326U }, /* 14 */
  { 0x480ebe7b9d58566cU, 0x43e74dc052fd8285U }, /* 15 */
  { 0x734aca5f6226f0adU, 0x530baf9a1e626a6dU }, /* 16 */
  { 0x5c3bd5191b525a24U, 0x426fbfae7eb521f1U }, /* 17 */
  { 0x49c97747490eae83U, 0x4ebfcc8b9890e7f4U }, /* 18 */
  { 0x760f253edb4ab0d2U, 0x4acc7a78f41b0cbaU }, /* 19 */
  { 0x5e72843249088d75U, 0x223d2ec729af3d62U }, /* 20 */
  { 0x4b8ed0283a6d3df7U, 0x34fdbf05baf29781U }, /* 21 */
  { 0x78e480405d7b9658U, 0x54c931a2c4b758cfU }, /* 22 */
  { 0x60b6cd004ac94513U, 0x5d6dc14f03c5e0a5U }, /* 23 */
  { 0x4d5f0a66a23a9da9U, 0x31249aa59c9e4d51U }, /* 24 */
  { 0x7bcb43d769f762a8U, 0x4ea0f76f60fd4882U }, /* 25 */
  { 0x63090312bb2c4eedU, 0x254d92bf80caa068U }, /* 26 */
  { 0x4f3a68dbc8f03f24U, 0x1dd7a89933d54d20U }, /* 27 */
  { 0x7ec3daf941806506U, 0x62f2a75b86221500U }, /* 28 */
  { 0x65697bfa9acd1d9fU, 0x025bb91604e810cdU }, /* 29 */
  { 0x51212ffbaf0a7e18U, 0x684960de6a5340a4U }, /* 30 */
  { 0x40e7599625a1fe7aU, 0x203ab3e521dc33b6U }, /* 31 */
  { 0x67d88f56a29cca5dU, 0x19f7863b696052bdU }, /* 32 */
  { 0x5313a5dee87d6eb0U, 0x7b2c6b62bab37564U }, /* 33 */
  { 0x42761e4bed31255aU, 0x2f56bc4efbc2c450U }, /* 34 */
  { 0x6a5696dfe1e83bc3U, 0x655793b192d13a1aU }, /* 35 */
  { 0x5512124cb4b9c969U, 0x377942f475742e7bU }, /* 36 */
  { 0x440e750a2a2e3abaU, 0x5f9435905df68b96U }, /* 37 */
  { 0x6ce3ee76a9e3912aU, 0x65b9ef4d63241289U }, /* 38 */
  { 0x571cbec554b60dbbU, 0x6afb25d782834207U }, /* 39 */
  { 0x45b0989ddd5e7163U, 0x08c8eb12cecf6806U }, /* 40 */
  { 0x6f80f42fc8971bd1U, 0x5adb11b7b14bd9a3U }, /* 41 */
  { 0x5933f68ca078e30eU, 0x157c0e2c8dd647b5U }, /* 42 */
  { 0x475cc53d4d2d8271U, 0x5dfcd823a4ab6c91U }, /* 43 */
  { 0x722e086215159d82U, 0x632e269f6ddf141bU }, /* 44 */
  { 0x5b5806b4ddaae468U, 0x4f581ee5f17f4349U }, /* 45 */
  { 0x49133890b1558386U, 0x72ace584c1329c3bU }, /* 46 */
  { 0x74eb8db44eef38d7U, 0x6aae3c079b842d2aU }, /* 47 */
  { 0x5d893e29d8bf60acU, 0x5558300616035755U }, /* 48 */
  { 0x4ad431bb13cc4d56U, 0x7779c004de6912abU }, /* 49 */
  { 0x77b9e92b52e07bbeU, 0x258f99a163db5111U }, /* 50 */
  { 0x5fc7edbc424d2fcbU, 0x37a614811caf740dU }, /* 51 */
  { 0x4c9ff163683dbfd5U, 0x7951aa00e3bf900bU }, /* 52 */
  { 0x7a998238a6c932efU, 0x754f7667d2cc19abU }, /* 53 */
  { 0x6214682d523a8f26U, 0x2aa5f8530f09ae22U }, /* 54 */
  { 0x4e76b9bddb620c1eU, 0x55519375a5a1581bU }, /* 55 */
  { 0x7d8ac2c95f034697U, 0x3bb5b8bc3c3559c5U }, /* 56 */
  { 0x646f023ab2690545U, 0x7c9160969691149eU }, /* 57 */
  { 0x5058ce955b87376bU, 0x16dab3ababa743b2U }, /* 58 */
  { 0x40470baaaf9f5f88U, 0x78aef622efb902f5U }, /* 59 */
  { 0x66d812aab29898dbU, 0x0de4bd04b2c19e54U }, /* 60 */
  { 0x524675555bad4715U, 0x57ea30d08f014b76U }, /* 61 */
  { 0x41d1f7777c8a9f44U, 0x4654f3da0c01092cU }, /* 62 */
  { 0x694ff258c7443207U, 0x23bb1fc346680eacU }, /* 63 */
  { 0x543ff513d29cf4d2U, 0x4fc8e635d1ecd88aU }, /* 64 */
  { 0x43665da9754a5d75U, 0x263a51c4a7f0ad3bU }, /* 65 */
  { 0x6bd6fc425543c8bbU, 0x56c3b607731aaec4U }, /* 66 */
  { 0x5645969b77696d62U, 0x789c919f8f488bd0U }, /* 67 */
  { 0x4504787c5f878ab5U, 0x46e3a7b2d906d640U }, /* 68 */
  { 0x6e6d8d93cc0c1122U, 0x3e390c515b3e239aU }, /* 69 */
  { 0x5857a4763cd6741bU, 0x4b60d6a77c31b615U }, /* 70 */
  { 0x46ac8391ca4529afU, 0x55e7121f968e2b44U }, /* 71 */
  { 0x711405b6106ea919U, 0x0971b698f0e3786dU }, /* 72 */
  { 0x5a766af80d255414U, 0x078e2bad8d82c6bdU }, /* 73 */
  { 0x485ebbf9a41ddcdcU, 0x6c71bc8ad79bd231U }, /* 74 */
  { 0x73cac65c39c96161U, 0x2d82c7448c2c8382U }, /* 75 */
  { 0x5ca23849c7d44de7U, 0x3e023903a356cf9bU }, /* 76 */
  { 0x4a1b603b06437185U, 0x7e682d9c82abd949U }, /* 77 */
  { 0x76923391a39f1c09U, 0x4a4048fa6aac8edbU }, /* 78 */
  { 0x5edb5c7482e5b007U, 0x55003a61eef07249U }, /* 79 */
  { 0x4be2b05d35848cd2U, 0x773361e7f259f507U }, /* 80 */
  { 0x796ab3c855a0e151U, 0x3eb89ca6508fee71U }, /* 81 */
  { 0x6122296d114d810dU, 0x7efa16eb73a6585bU }, /* 82 */
  { 0x4db4edf0daa4673eU, 0x3261abef8fb846afU }, /* 83 */
  { 0x7c54afe7c43a3ecaU, 0x1d691318e5f3a44bU }, /* 84 */
  { 0x6376f31fd02e98a1U, 0x64540f471e5c836fU }, /* 85 */
  { 0x4f925c1973587a1bU, 0x0376729f4b7d35f3U }, /* 86 */
  { 0x7f50935bebc0c35eU, 0x38bd84321261efebU }, /* 87 */
  { 0x65da0f7cbc9a35e5U, 0x13cad0280eb4bfefU }, /* 88 */
  { 0x517b3f96fd482b1dU, 0x5ca240200bc3ccbfU }, /* 89 */
  { 0x412f66126439bc17U, 0x63b50019a3030a33U }, /* 90 */
  { 0x684bd683d38f9359U, 0x1f88002904d1a9eaU }, /* 91 */
  { 0x536fdecfdc72dc47U, 0x32d3335403daee55U }, /* 92 */
  { 0x42bfe57316c249d2U, 0x5bdc291003158b77U }, /* 93 */
  { 0x6acca251be03a951U, 0x12f9db4cd1bc1258U }, /* 94 */
  { 0x557081dafe695440U, 0x7594af70a7c9a847U }, /* 95 */
  { 0x445a017bfebaa9cdU, 0x4476f2c0863aed06U }, /* 96 */
  { 0x6d5ccf2ccac442e2U, 0x3a57eacda3917b3cU }, /* 97 */
  { 0x577d728a3bd03581U, 0x7b7988a482dac8fdU }, /* 98 */
  { 0x45fdf53b630cf79bU, 0x15fad3b6cf156d97U }, /* 99 */
  { 0x6ffcbb923814bf5eU, 0x565e1f8ae4ef15beU }, /* 100 */
  { 0x5996fc74f9aa32b2U, 0x11e4e608b725aaffU }, /* 101 */
  { 0x47abfd2a6154f55bU, 0x27ea51a0928488ccU }, /* 102 */
  { 0x72acc843ceee555eU, 0x7310829a84074146U }, /* 103 */
  { 0x5bbd6d030bf1dde5U, 0x42739baed005cdd2U }, /* 104 */
  { 0x49645735a327e4b7U, 0x4ec2e2f24004a4a8U }, /* 105 */
  { 0x756d5855d1d96df2U, 0x4ad16b1d333aa10cU }, /* 106 */
  { 0x5df11377db1457f5U, 0x2241227dc2954da3U }, /* 107 */
  { 0x4b2742c648dd132aU, 0x4e9a81fe35443e1cU }, /* 108 */
  { 0x783ed13d4161b844U, 0x175d9cc9eed39694U }, /* 109 */
  { 0x603240fdcde7c69cU, 0x7917b0a18bdc7876U }, /* 110 */
  { 0x4cf500cb0b1fd217U, 0x1412f3b46fe39392U }, /* 111 */
  { 0x7b219ade7832e9beU, 0x535185ed7fd285b6U }, /* 112 */
  { 0x628148b1f9c25498U, 0x42a79e57997537c5U }, /* 113 */
  { 0x4ecdd3c1949b76e0U, 0x3552e512e12a9304U }, /* 114 */
  { 0x7e161f9c20f8be33U, 0x6eeb081e3510eb39U }, /* 115 */
  { 0x64de7fb01a609829U, 0x3f226ce4f740bc2eU }, /* 116 */
  { 0x50b1ffc0151a1354U, 0x3281f0b72c33c9beU }, /* 117 */
  { 0x408e66334414dc43U, 0x42018d5f568fd498U }, /* 118 */
  { 0x674a3d1ed354939fU, 0x1ccf48988a7fba8dU }, /* 119 */
  { 0x52a1ca7f0f76dc7fU, 0x30a5d3ad3b99620bU }, /* 120 */
  { 0x421b0865a5f8b065U, 0x73b7dc8a96144e6fU }, /* 121 */
  { 0x69c4da3c3cc11a3cU, 0x52bfc7442353b0b1U }, /* 122 */
  { 0x549d7b6363cdae96U, 0x756639034f7626f4U }, /* 123 */
  { 0x43b12f82b63e2545U, 0x4451c735d92b525dU }, /* 124 */
  { 0x6c4eb26abd303ba2U, 0x3a1c71efc1deea2eU }, /* 125 */
  { 0x56a55b889759c94eU, 0x61b05b2634b254f2U }, /* 126 */
  { 0x45511606df7b0772U, 0x1af37c1e908eaa5bU }, /* 127 */
  { 0x6ee8233e325e7250U, 0x2b1f2cfdb41776f8U }, /* 128 */
  { 0x58b9b5cb5b7ec1d9U, 0x6f4c23fe29ac5f2dU }, /* 129 */
  { 0x46faf7d5e2cbce47U, 0x72a34ffe87bd18f1U }, /* 130 */
  { 0x71918c896adfb073U, 0x04387ffda5fb5b1bU }, /* 131 */
  { 0x5adad6d4557fc05cU, 0x0360666484c915afU }, /* 132 */
  { 0x48af1243779966b0U, 0x02b3851d3707448cU }, /* 133 */
  { 0x744b506bf28f0ab3U, 0x1dec082ebe720746U }, /* 134 */
  { 0x5d090d2328726ef5U, 0x64bcd358985b3905U }, /* 135 */
  { 0x4a6da41c205b8bf7U, 0x6a30a913ad15c738U }, /* 136 */
  { 0x7715d36033c5acbfU, 0x5d1aa81f7b560b8cU }, /* 137 */
  { 0x5f44a919c3048a32U, 0x7daeece5fc44d609U }, /* 138 */
  { 0x4c36edae359d3b5bU, 0x7e258a51969d7808U }, /* 139 */
  { 0x79f17c49ef61f893U, 0x16a276e8f0fbf33fU }, /* 140 */
  { 0x618dfd07f2b4c6dcU, 0x121b9253f3fcc299U }, /* 141 */
  { 0x4e0b30d328909f16U, 0x41afa84329970214U }, /* 142 */
  { 0x7cdeb4850db431bdU, 0x4f7f739ea8f19cedU }, /* 143 */
  { 0x63e55d373e29c164U, 0x3f99294bba5ae3f1U }, /* 144 */
  { 0x4feab0f8fe87cde9U, 0x7fadbaa2fb7be98dU }, /* 145 */
  { 0x7fdde7f4ca72e30fU, 0x7f7c5dd1925fdc15U }, /* 146 */
  { 0x664b1ff7085be8d9U, 0x4c637e4141e649abU }, /* 147 */
  { 0x51d5b32c06afed7aU, 0x704f983434b83aefU }, /* 148 */
  { 0x4177c2899ef32462U, 0x26a6135cf6f9c8bfU }, /* 149 */
  { 0x68bf9da8fe51d3d0U, 0x3dd685618b294132U }, /* 150 */
  { 0x53cc7e20cb74a973U, 0x4b12044e08edcdc2U }, /* 151 */
  { 0x4309fe80a2c3bac2U, 0x6f419d0b3a57d7ceU }, /* 152 */
  { 0x6b4330cdd1392ad1U, 0x320294dec3bfbfb0U }, /* 153 */
  { 0x55cf5a3e40fa88a7U, 0x419baa4bcfcc995aU }, /* 154 */
  { 0x44a5e1cb672ed3b9U, 0x1ae2eea30ca3ade1U }, /* 155 */
  { 0x6dd636123eb152c1U, 0x77d17dd1add2afcfU }, /* 156 */
  { 0x57de91a832277567U, 0x797464a7be42263fU }, /* 157 */
  { 0x464ba7b9c1b92ab9U, 0x4790508631ce84ffU }, /* 158 */
  { 0x70790c5c6928445cU, 0x0c1a1a704fb0d4ccU }, /* 159 */
  { 0x59fa7049edb9d049U, 0x567b4859d95a43d6U }, /* 160 */
  { 0x47fb8d07f161736eU, 0x11fc39e17aae9cabU }, /* 161 */
  { 0x732c14d98235857dU, 0x032d2968c44a9445U }, /* 162 */
  { 0x5c2343e134f79dfdU, 0x4f575453d03ba9d1U }, /* 163 */
  { 0x49b5cfe75d92e4caU, 0x72ac4376402fbb0eU }, /* 164 */
  { 0x75efb30bc8eb07abU, 0x0446d256cd192b49U }, /* 165 */
  { 0x5e595c096d88d2efU, 0x1d0575123dadbc3aU }, /* 166 */
  { 0x4b7ab0078ad3dbf2U, 0x4a6ac40e97be302fU }, /* 167 */
  { 0x78c44cd8de1fc650U, 0x771139b0f2c9e6b1U }, /* 168 */
  { 0x609d0a4718196b73U, 0x78da948d8f07ebc1U }, /* 169 */
  { 0x4d4a6e9f467abc5cU, 0x60aedd3e0c065634U }, /* 170 */
  { 0x7baa4a9870c46094U, 0x344afb9679a3bd20U }, /* 171 */
  { 0x62eea2138d69e6ddU, 0x103bfc78614fca80U }, /* 172 */
  { 0x4f254e760abb1f17U, 0x26966393810ca200U }, /* 173 */
  { 0x7ea21723445e9825U, 0x2423d2859b476999U }, /* 174 */
  { 0x654e78e9037ee01dU, 0x69b642047c392148U }, /* 175 */
  { 0x510b93ed9c658017U, 0x6e2b680396941aa0U }, /* 176 */
  { 0x40d60ff149eaccdfU, 0x71bc53361210154dU }, /* 177 */
  { 0x67bce64edcaae166U, 0x1c6085235019bbaeU }, /* 178 */
  { 0x52fd850be3bbe784U, 0x7d1a041c40149625U }, /* 179 */
  { 0x42646a6fe9631f9dU, 0x4a7b367d0010781dU }, /* 180 */
  { 0x6a3a43e642383295U, 0x5d91f0c8001a59c8U }, /* 181 */
  { 0x54fb698501c68edeU, 0x17a7f3d3334847d4U }, /* 182 */
  { 0x43fc546a67d20be4U, 0x79532975c2a03976U }, /* 183 */
  { 0x6cc6ed770c83463bU, 0x0eeb75893766c256U }, /* 184 */
  { 0x57058ac5a39c382fU, 0x25892ad42c523512U }, /* 185 */
  { 0x459e089e1c7cf9bfU, 0x37a0ef102374f742U }, /* 186 */
  { 0x6f6340fcfa618f98U, 0x59017e8038bb2536U }, /* 187 */
  { 0x591c33fd951ad946U, 0x7a67986693c8ea91U }, /* 188 */
  { 0x4749c33144157a9fU, 0x151fad1edca0bba8U }, /* 189 */
  { 0x720f9eb539bbf765U, 0x0832ae97c76792a5U }, /* 190 */
  { 0x5b3fb22a94965f84U, 0x068ef21305ec7551U }, /* 191 */
  { 0x48ffc1bbaa11e603U, 0x1ed8c1a8d189f774U }, /* 192 */
  { 0x74cc692c434fd66bU, 0x4af4690e1c0ff253U }, /* 193 */
  { 0x5d705423690cab89U, 0x225d20d816732843U }, /* 194 */
  { 0x4ac0434f873d5607U, 0x35174d79ab8f5369U }, /* 195 */
  { 0x779a054c0b955672U, 0x21bee25c45b21f0eU }, /* 196 */
  { 0x5fae6aa33c77785bU, 0x3498b5169e2818d8U }, /* 197 */
  { 0x4c8b888296c5f9e2U, 0x5d46f7454b534713U }, /* 198 */
  { 0x7a78da6a8ad65c9dU, 0x7ba4bed545520b52U }, /* 199 */
  { 0x61fa48553bdeb07eU, 0x2fb6ff110441a2a8U }, /* 200 */
  { 0x4e61d37763188d31U, 0x72f8cc0d9d014eedU }, /* 201 */
  { 0x7d6952589e8daeb6U, 0x1e5ae015c80217e1U }, /* 202 */
  { 0x645441e07ed7bef8U, 0x1848b344a001acb4U }, /* 203 */
  { 0x504367e6cbdfcbf9U, 0x603a2903b3348a2aU }, /* 204 */
  { 0x4035ecb8a3196ffbU, 0x002e873628f6d4eeU }, /* 205 */
  { 0x66bcadf43828b32bU, 0x19e40b89db2487e3U }, /* 206 */
  { 0x52308b29c686f5bcU, 0x14b66fa17c1d3983U }, /* 207 */
  { 0x41c06f549ed25e30U, 0x1091f2e7967dc79cU }, /* 208 */
  { 0x6933e554315096b3U, 0x341cb7d8f0c93f5fU }, /* 209 */
  { 0x542984435aa6def5U, 0x767d5fe0c0a0ff80U }, /* 210 */
  { 0x435469cf7bb8b25eU, 0x2b977fe70080cc66U }, /* 211 */
  { 0x6bba42e592c11d63U, 0x5f58cca4cd9ae0a3U }, /* 212 */
  { 0x562e9beadbcdb11cU, 0x4c470a1d7148b3b6U }, /* 213 */
  { 0x44f216557ca48db0U, 0x3d05a1b1276d5c92U }, /* 214 */
  { 0x6e5023bbfaa0e2b3U, 0x7b3c35e83f1560e9U }, /* 215 */
  { 0x58401c96621a4ef6U, 0x2f635e5365aab3edU }, /* 216 */
  { 0x4699b0784e7b725eU, 0x591c4b75eaeef658U }, /* 217 */
  { 0x70f5e726e3f8b6fdU, 0x74fa125644b18a26U }, /* 218 */
  { 0x5a5e5285832d5f31U, 0x43fb41de9d5ad4ebU }, /* 219 */
  { 0x484b75379c244c27U, 0x4ffc34b2177bdd89U }, /* 220 */
  { 0x73abeebf603a1372U, 0x4cc6bab68bf96274U }, /* 221 */
  { 0x5c898bcc4cfb42c2U, 0x0a38955ed6611b90U }, /* 222 */
  { 0x4a07a309d72f689bU, 0x21c6dde5784dafa7U }, /* 223 */
  { 0x76729e762518a75eU, 0x693e2fd58d49190bU }, /* 224 */
  { 0x5ec2185e8413b918U, 0x5431bfde0aa0e0d5U }, /* 225 */
  { 0x4bce79e536762dadU, 0x29c1664b3bb3e711U }, /* 226 */
  { 0x794a5ca1f0bd15e2U, 0x0f9bd6dec5eca4e8U }, /* 227 */
  { 0x61084a1b26fdab1bU, 0x2616457f04bd50baU }, /* 228 */
  { 0x4da03b48ebfe227cU, 0x1e783798d09773c8U }, /* 229 */
  { 0x7c33920e46636a60U, 0x30c058f480f252d9U }, /* 230 */
  { 0x635c74d8384f884dU, 0x0d66ad9067284247U }, /* 231 */
  { 0x4f7d2a469372d370U, 0x711ef14052869b6cU }, /* 232 */
  { 0x7f2eaa0a85848581U, 0x34fe4ecd50d75f14U }, /* 233 */
  { 0x65beee6ed136d134U, 0x2a650bd773df7f43U }, /* 234 */
  { 0x51658b8bda9240f6U, 0x551da312c319329cU }, /* 235 */
  { 0x411e093caedb672bU, 0x5db14f4235adc217U }, /* 236 */
  { 0x68300ec77e2bd845U, 0x7c4ee536bc49368aU }, /* 237 */
  { 0x5359a56c64efe037U, 0x7d0bea92303a9208U }, /* 238 */
  { 0x42ae1df050bfe693U, 0x173cbba8269541a0U }, /* 239 */
  { 0x6ab02fe6e79970ebU, 0x3ec792a6a422029aU }, /* 240 */
  { 0x5559bfebec7ac0bcU, 0x3239421ee9b4cee1U }, /* 241 */
  { 0x4447ccbcbd2f0096U, 0x5b6101b25490a581U }, /* 242 */
  { 0x6d3fadfac84b3424U, 0x2bce691d541aa268U }, /* 243 */
  { 0x576624c8a03c29b6U, 0x563eba7ddce21b87U }, /* 244 */
  { 0x45eb50a08030215eU, 0x78322ecb171b4939U }, /* 245 */
  { 0x6fdee76733803564U, 0x59e9e47824f87527U }, /* 246 */
  { 0x597f1f85c2ccf783U, 0x6187e9f9b72d2a86U }, /* 247 */
  { 0x4798e6049bd72c69U, 0x346cbb2e2c242205U }, /* 248 */
  { 0x728e3cd42c8b7a42U, 0x20adf849e039d007U }, /* 249 */
  { 0x5ba4fd768a092e9bU, 0x33be603b19c7d99fU }, /* 250 */
  { 0x4950cac53b3a8bafU, 0x42feb3627b0647b3U }, /* 251 */
  { 0x754e113b91f745e5U, 0x5197856a5e7072b8U }, /* 252 */
  { 0x5dd80dc941929e51U, 0x27ac6abb7ec05bc6U }, /* 253 */
  { 0x4b133e3a9adbb1daU, 0x52f05562cbcd1638U }, /* 254 */
  { 0x781ec9f75e2c4fc4U, 0x1e4d556adfae89f3U }, /* 255 */
  { 0x6018a192b1bd0c9cU, 0x7ea444557fbed4c3U }, /* 256 */
  { 0x4ce0814227ca707dU, 0x4bb69d1132ff109cU }, /* 257 */
  { 0x7b00ced03faa4d95U, 0x5f8a94e851981a93U }, /* 258 */
  { 0x62670bd9cc883e11U, 0x32d543ed0e134875U }, /* 259 */
  { 0x4eb8d647d6d364daU, 0x5bddcff0d80f6d2bU }, /* 260 */
  { 0x7df48a0c8aebd491U, 0x12fc7fe7c018aeabU }, /* 261 */
  { 0x64c3a1a3a25643a7U, 0x28c9ffec99ad5889U }, /* 262 */
  { 0x509c814fb511cfb9U, 0x0707fff07af113a1U }, /* 263 */
  { 0x407d343fc40e3fc7U, 0x1f39998d2f2742e7U }, /* 264 */
  { 0x672eb9ffa016cc71U, 0x7ec28f484b7204a4U }, /* 265 */
  { 0x528bc7ffb345705bU, 0x189ba5d36f8e6a1dU }, /* 266 */
  { 0x42096ccc8f6ac048U, 0x7a161e42bfa521b1U }, /* 267 */
  { 0x69a8ae1418aacd41U, 0x435696d132a1cf81U }, /* 268 */
  { 0x5486f1a9ad557101U, 0x1c454574288172ceU }, /* 269 */
  { 0x439f27baf1112734U, 0x169dd129ba0128a5U }, /* 270 */
  { 0x6c31d92b1b4ea520U, 0x242fb50f9001daa1U }, /* 271 */
  { 0x568e4755af721db3U, 0x368c90d940017bb4U }, /* 272 */
  { 0x453e9f77bf8e7e29U, 0x120a0d7a999ac95dU }, /* 273 */
  { 0x6eca98bf98e3fd0eU, 0x50101590f5c47561U }, /* 274 */
  { 0x58a213cc7a4ffda5U, 0x26734473f7d05de8U }, /* 275 */
  { 0x46e80fd6c83ffe1dU, 0x6b8f69f65fd9e4b9U }, /* 276 */
  { 0x71734c8ad9fffcfcU, 0x45b24323cc8fd45cU }, /* 277 */
  { 0x5ac2a3a247fffd96U, 0x6af502830a0ca9e3U }, /* 278 */
  { 0x489bb61b6ccccadfU, 0x08c402026e7087e9U }, /* 279 */
  { 0x742c569247ae1164U, 0x746cd003e3e73fdbU }, /* 280 */
  { 0x5cf04541d2f1a783U, 0x76bd73364fec3315U }, /* 281 */
  { 0x4a59d101758e1f9cU, 0x5efdf5c50cbcf5abU }, /* 282 */
  { 0x76f61b3588e365c7U, 0x4b2fefa1adfb22abU }, /* 283 */
  { 0x5f2b48f7a0b5eb06U, 0x08f3261af195b555U }, /* 284 */
  { 0x4c22a0c61a2b226bU, 0x20c284e25ade2aabU }, /* 285 */
  { 0x79d1013cf6ab6a45U, 0x1ad0d49d5e304444U }, /* 286 */
  { 0x617400fd9222bb6aU, 0x48a7107de4f369d0U }, /* 287 */
  { 0x4df6673141b562bbU, 0x53b8d9fe50c2bb0dU }, /* 288 */
  { 0x7cbd71e869223792U, 0x52c15cca1ad12b48U }, /* 289 */
  { 0x63cac186ba81c60eU, 0x75677d6e7bda8906U }, /* 290 */
  { 0x4fd5679efb9b04d8U, 0x5dec645863153a6cU }, /* 291 */
  { 0x7fbbd8fe5f5e6e27U, 0x497a3a2704eec3dfU }, /* 292 */
};

G_STATIC_ASSERT (G_N_ELEMENTS (g_table) == K_MAX - K_MIN + 1);

static const double exact_powers_of_ten[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static const guint64 integer_powers_of_ten[] = {
  G_GUINT64_CONSTANT (1), G_GUINT64_CONSTANT (10), G_GUINT64_CONSTANT (100),
  G_GUINT64_CONSTANT (1000), G_GUINT64_CONSTANT (10000), G_GUINT64_CONSTANT (100000),
  G_GUINT64_CONSTANT (1000000), G_GUINT64_CONSTANT (10000000),
  G_GUINT64_CONSTANT (100000000), G_GUINT64_CONSTANT (1000000000),
  G_GUINT64_CONSTANT (10000000000), G_GUINT64_CONSTANT (100000000000),
  G_GUINT64_CONSTANT (1000000000000), G_GUINT64_CONSTANT (10000000000000),
  G_GUINT64_CONSTANT (100000000000000), G_GUINT64_CONSTANT (1000000000000000),
  G_GUINT64_CONSTANT (10000000000000000), G_GUINT64_CONSTANT (100000000000000000),
  G_GUINT64_CONSTANT (1000000000000000000), G_GUINT64_CONSTANT (10000000000000000000),
};

/* ⌊log10 2^e⌋, ⌊log10 (3/4 · 2^e)⌋ and ⌊log2 10^e⌋, exact for the exponents met here
 * (checked against exact arithmetic for |e| up to 1,100 and 330) */
static inline int
flog10_pow2 (int e)
{
  return (int) (((gint64) e * G_GINT64_CONSTANT (661971961083)) >> 41);
}

static inline int
flog10_three_quarters_pow2 (int e)
{
  return (int) (((gint64) e * G_GINT64_CONSTANT (661971961083)
                 - G_GINT64_CONSTANT (274743187321)) >> 41);
}

static inline int
flog2_pow10 (int e)
{
  return (int) (((gint64) e * G_GINT64_CONSTANT (913124641741)) >> 38);
}

/* g·cp / 2^127, rounded to odd: the integer part, its last bit set when a fraction is left */
static inline guint64
round_to_odd (const guint64 *g,
              guint64        cp)
{
  unsigned __int128 x = (unsigned __int128) g[1] * cp;
  unsigned __int128 y = (unsigned __int128) g[0] * cp;
  guint64 x1 = (guint64) (x >> 64);
  guint64 y0 = (guint64) y;
  guint64 y1 = (guint64) (y >> 64);
  guint64 z = (y0 >> 1) + x1;
  guint64 vbp = y1 + (z >> 63);

  return vbp | (((z & MASK_63) + MASK_63) >> 63);
}

/* The decimal *f · 10^*e for c · 2^q (divided by 10 when dk is -1), as Schubfach finds it */
static void
to_decimal (int      q,
            guint64  c,
            int      dk,
            guint64 *f,
            int     *e)
{
  guint64 out = c & 1;
  guint64 cb = c << 2;
  guint64 cbr = cb + 2;
  guint64 cbl;
  guint64 vb, vbl, vbr, s, t;
  const guint64 *g;
  gboolean uin, win;
  gint64 cmp;
  int k, h;

  if (c != C_MIN || q == Q_MIN)
    {
      cbl = cb - 2;
      k = flog10_pow2 (q);
    }
  else
    {
      /* at a power of two the interval below is half as wide */
      cbl = cb - 1;
      k = flog10_three_quarters_pow2 (q);
    }
  h = q + flog2_pow10 (-k) + 2;
  g = g_table[k - K_MIN];

  vb = round_to_odd (g, cb << h);
  vbl = round_to_odd (g, cbl << h);
  vbr = round_to_odd (g, cbr << h);

  s = vb >> 2;
  if (s >= 10)
    {
      /* one digit fewer, when exactly one of its two neighbours reads back (Java asks for
       * two digits at least and tries this from 100 only) */
      guint64 sp10 = 10 * (s / 10);
      guint64 tp10 = sp10 + 10;
      gboolean upin = vbl + out <= sp10 << 2;
      gboolean wpin = (tp10 << 2) + out <= vbr;

      if (upin != wpin)
        {
          *f = upin ? sp10 : tp10;
          *e = k + dk;
          return;
        }
    }

  t = s + 1;
  uin = vbl + out <= s << 2;
  win = (t << 2) + out <= vbr;
  *e = k + dk;
  if (uin != win)
    {
      *f = uin ? s : t;
      return;
    }
  /* both read back: the closer, the even one on a tie */
  cmp = (gint64) (vb - ((s + t) << 1));
  *f = cmp < 0 || (cmp == 0 && (s & 1) == 0) ? s : t;
}

/* |value| (finite, not zero) = result · 10^*exponent10, result without trailing zeros */
static guint64
shortest_decimal (double value,
                  int   *exponent10)
{
  guint64 bits;
  guint64 t, f;
  int bq, e;

  memcpy (&bits, &value, sizeof bits);
  t = bits & (C_MIN - 1);
  bq = (int) ((bits >> 52) & 0x7ff);
  if (bq != 0)
    {
      int mq = 1075 - bq;
      guint64 c = C_MIN | t;

      /* integers below 2^53 are their own shortest digits */
      if (0 < mq && mq < 53 && ((c >> mq) << mq) == c)
        {
          f = c >> mq;
          e = 0;
        }
      else
        to_decimal (-mq, c, 0, &f, &e);
    }
  else
    to_decimal (Q_MIN, t, 0, &f, &e);

  /* the fewest divisions: results mostly have few digits or many */
  while (f % 100000000 == 0)
    {
      f /= 100000000;
      e += 8;
    }
  if (f % 10000 == 0)
    {
      f /= 10000;
      e += 4;
    }
  if (f % 100 == 0)
    {
      f /= 100;
      e += 2;
    }
  if (f % 10 == 0)
    {
      f /= 10;
      e++;
    }
  *exponent10 = e;
  return f;
}

static const char digit_pairs[] =
  "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
  "8081828384858687888990919293949596979899";

/* Writes the n digits of f, two at a time and in 32 bits where f allows */
static void
write_digits (char    *out,
              guint64  f,
              int      n)
{
  char *p = out + n;
  guint32 low;

  while (f >= G_GUINT64_CONSTANT (100000000))
    {
      low = (guint32) (f % 100000000);
      f /= 100000000;
      for (int i = 0; i < 4; i++)
        {
          p -= 2;
          memcpy (p, digit_pairs + 2 * (low % 100), 2);
          low /= 100;
        }
    }
  low = (guint32) f;
  while (low >= 100)
    {
      p -= 2;
      memcpy (p, digit_pairs + 2 * (low % 100), 2);
      low /= 100;
    }
  if (low >= 10)
    {
      p -= 2;
      memcpy (p, digit_pairs + 2 * low, 2);
    }
  else
    *--p = (char) ('0' + low);
}

static int
count_digits (guint64 f)
{
  int n = 1;

  while (n < (int) G_N_ELEMENTS (integer_powers_of_ten) && f >= integer_powers_of_ten[n])
    n++;
  return n;
}

/**
 * sw_dtoa_shortest:
 * @value: a finite double other than zero (its sign is ignored)
 * @digits: (out caller-allocates): %SW_DTOA_DIGITS_SIZE bytes
 * @exponent: (out): the power of ten of the first digit
 *
 * Writes the fewest decimal digits that read back as |@value| and, of those, the ones closest
 * to its exact value (the even last digit on a tie), without trailing zeros: |@value| reads
 * back from `D.DDD × 10^exponent`.
 *
 * Returns: the number of digits, from 1 to 17
 */
int
sw_dtoa_shortest (double  value,
                  char   *digits,
                  int    *exponent)
{
  guint64 f;
  int e, n;

  g_return_val_if_fail (isfinite (value) && value != 0, 0);

  f = shortest_decimal (value, &e);
  n = count_digits (f);
  write_digits (digits, f, n);
  digits[n] = '\0';
  *exponent = e + n - 1;
  return n;
}

/**
 * sw_dtoa_shortest_decimal:
 * @value: a finite double other than zero (its sign is ignored)
 * @exponent10: (out): the power of ten of the last digit
 *
 * The digits of sw_dtoa_shortest () as one integer: |@value| reads back from
 * `result × 10^exponent10`.
 *
 * Returns: the digits, below 10^17 and not a multiple of ten
 */
guint64
sw_dtoa_shortest_decimal (double  value,
                          int    *exponent10)
{
  g_return_val_if_fail (isfinite (value) && value != 0, 0);

  return shortest_decimal (value, exponent10);
}

/**
 * sw_dtoa_decimal_to_double:
 * @significand: the decimal's digits
 * @exponent10: its power of ten
 *
 * Returns: `significand × 10^exponent10` rounded to the nearest double
 */
/* n · 2^e2 (n not zero, the result a normal double), rounded to nearest even; sticky: the
 * exact value is a little above n · 2^e2 */
static double
round_u128 (unsigned __int128 n,
            int               e2,
            gboolean          sticky)
{
  guint64 high = (guint64) (n >> 64);
  int bits = high != 0 ? 128 - __builtin_clzll (high) : 64 - __builtin_clzll ((guint64) n);
  guint64 m;

  if (bits <= 53)
    {
      /* a sticky fraction below the last bit of 53 cannot round up */
      return ldexp ((double) (guint64) n, e2);
    }
  else
    {
      int shift = bits - 53;
      unsigned __int128 half = (unsigned __int128) 1 << (shift - 1);
      unsigned __int128 rest = n & ((half << 1) - 1);

      m = (guint64) (n >> shift);
      if (rest > half || (rest == half && (sticky || (m & 1) != 0)))
        m++;
      return ldexp ((double) m, e2 + shift);
    }
}

double
sw_dtoa_decimal_to_double (guint64 significand,
                           int     exponent10)
{
  char buf[48];

  if (significand == 0)
    return 0;
  /* Clinger's fast path: both operands exact, so the one operation rounds correctly */
  if (significand <= (G_GUINT64_CONSTANT (1) << 53))
    {
      if (0 <= exponent10 && exponent10 <= 22)
        return (double) significand * exact_powers_of_ten[exponent10];
      if (-22 <= exponent10 && exponent10 < 0)
        return (double) significand / exact_powers_of_ten[-exponent10];
    }
  /* more digits than a double holds: exact integer arithmetic in 128 bits */
  if (0 <= exponent10 && exponent10 <= 19)
    {
      unsigned __int128 n;

      if (!__builtin_mul_overflow ((unsigned __int128) significand,
                                   (unsigned __int128) integer_powers_of_ten[exponent10], &n))
        return round_u128 (n, 0, FALSE);
    }
  else if (-19 <= exponent10 && exponent10 < 0)
    {
      /* the quotient, its top bit at 127 - 64 at least, and whether a remainder is left */
      int k = __builtin_clzll (significand) + 64;
      unsigned __int128 n = (unsigned __int128) significand << k;
      guint64 divisor = integer_powers_of_ten[-exponent10];

      return round_u128 (n / divisor, -k, n % divisor != 0);
    }
  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT "e%d", significand, exponent10);
  return g_ascii_strtod (buf, NULL);
}

/* D.DDDe±X outside [fixed_min, fixed_max], plain decimals inside */
static gsize
format_decimal (char       *out,
                double      value,
                int         fixed_min,
                int         fixed_max)
{
  char digits[SW_DTOA_DIGITS_SIZE];
  char *p = out;
  int n, exponent;

  if (value < 0)
    *p++ = '-';
  n = sw_dtoa_shortest (value, digits, &exponent);
  if (fixed_max == G_MAXINT)
    fixed_max = n - 1;
  if (exponent < fixed_min || exponent > fixed_max)
    {
      int x = ABS (exponent);

      *p++ = digits[0];
      if (n > 1)
        {
          *p++ = '.';
          memcpy (p, digits + 1, (gsize) n - 1);
          p += n - 1;
        }
      *p++ = 'e';
      *p++ = exponent < 0 ? '-' : '+';
      if (x >= 100)
        *p++ = (char) ('0' + x / 100);
      if (x >= 10)
        *p++ = (char) ('0' + x / 10 % 10);
      *p++ = (char) ('0' + x % 10);
    }
  else if (exponent >= n - 1)
    {
      memcpy (p, digits, (gsize) n);
      p += n;
      for (int i = n - 1; i < exponent; i++)
        *p++ = '0';
    }
  else if (exponent >= 0)
    {
      memcpy (p, digits, (gsize) exponent + 1);
      p += exponent + 1;
      *p++ = '.';
      memcpy (p, digits + exponent + 1, (gsize) (n - exponent - 1));
      p += n - exponent - 1;
    }
  else
    {
      *p++ = '0';
      *p++ = '.';
      for (int i = -1; i > exponent; i--)
        *p++ = '0';
      memcpy (p, digits, (gsize) n);
      p += n;
    }
  *p = '\0';
  return (gsize) (p - out);
}

/**
 * sw_dtoa_format_js:
 * @out: (out caller-allocates): %SW_DTOA_BUFFER_SIZE bytes
 * @value: a double
 *
 * Writes @value as JavaScript's Number.prototype.toString () does: the shortest digits,
 * without exponent from 1e-6 to below 1e21 ("0.000001", "123.25", "100000000000000000000"),
 * else as "6.022e+23" or "1e-7"; "NaN", "Infinity" and "-Infinity"; zero as "0".
 *
 * Returns: the length written
 */
gsize
sw_dtoa_format_js (char   *out,
                   double  value)
{
  g_return_val_if_fail (out != NULL, 0);

  if (isnan (value))
    return (gsize) g_stpcpy (out, "NaN") - (gsize) out;
  if (isinf (value))
    return (gsize) g_stpcpy (out, value < 0 ? "-Infinity" : "Infinity") - (gsize) out;
  if (value == 0)
    return (gsize) g_stpcpy (out, "0") - (gsize) out;
  return format_decimal (out, value, -6, 20);
}

/**
 * sw_dtoa_format_g:
 * @out: (out caller-allocates): %SW_DTOA_BUFFER_SIZE bytes
 * @value: a finite double
 *
 * Writes @value as C's `%.Ng` does with N the fewest digits that read back, with the
 * exponent's leading zero dropped as JSON writers do: "0.0001", "1.5e-5", "1e+21",
 * "9007199254740993" is "9007199254740992", "1e+16".
 *
 * Returns: the length written
 */
gsize
sw_dtoa_format_g (char   *out,
                  double  value)
{
  g_return_val_if_fail (out != NULL, 0);
  g_return_val_if_fail (isfinite (value), 0);

  if (value == 0)
    return (gsize) g_stpcpy (out, signbit (value) ? "-0" : "0") - (gsize) out;
  return format_decimal (out, value, -4, G_MAXINT);
}

/* Whether the double |value| is exactly significand · 10^exponent10 */
static gboolean
is_exactly (double  value,
            guint64 significand,
            int     exponent10)
{
  int e2;
  guint64 m = (guint64) ldexp (frexp (fabs (value), &e2), 53);
  unsigned __int128 product;

  /* |value| = m · 2^e2 with m odd */
  e2 -= 53;
  while ((m & 1) == 0)
    {
      m >>= 1;
      e2++;
    }
  if (exponent10 >= 0)
    {
      unsigned __int128 decimal = significand;

      /* D · 10^d below 10^37 and m · 2^e2 below 2^127 */
      if (e2 < 0 || e2 > 74 || exponent10 > 20)
        return FALSE;
      for (int i = 0; i < exponent10; i++)
        decimal *= 10;
      return decimal == (unsigned __int128) m << e2;
    }
  /* m · 2^e2 = D / 10^d  ⇔  m · 5^d · 2^(e2 + d) = D, which needs e2 + d ≥ 0 */
  if (e2 - exponent10 < 0 || -exponent10 > 24 || e2 - exponent10 > 57)
    return FALSE;
  product = m;
  for (int i = 0; i < -exponent10; i++)
    product *= 5;
  if (product > significand)
    return FALSE;
  product <<= e2 - exponent10;
  return product == significand;
}

/**
 * sw_dtoa_to_precision:
 * @value: a double
 * @precision: significant digits, from 1 to 17
 *
 * Rounds @value to @precision significant decimal digits as JavaScript's
 * `Number (value.toPrecision (precision))` does: the decimal closest to the exact value, the
 * one farther from zero on a tie, read back as a double.
 *
 * Returns: the rounded value
 */
double
sw_dtoa_to_precision (double value,
                      int    precision)
{
  guint64 significand, scale = 1;
  int exponent10, n;
  double result;

  g_return_val_if_fail (precision >= 1 && precision <= 17, value);

  if (!isfinite (value) || value == 0)
    return value;
  significand = sw_dtoa_shortest_decimal (value, &exponent10);
  n = count_digits (significand);
  /* The shortest digits are the value when they are few enough. Otherwise rounding them
   * rounds the value alike: a midpoint between them and the value would read back with
   * precision + 1 digits, fewer than the shortest have or closer to the value. Only the
   * shortest digits ending in 5 right after the precision may be such a midpoint. */
  if (n <= precision)
    return value;
  for (int i = precision; i < n; i++)
    scale *= 10;
  if (n == precision + 1 && significand % 10 == 5
      && !is_exactly (value, significand, exponent10))
    {
      char buf[40];

      g_snprintf (buf, sizeof buf, "%.*e", precision - 1, value);
      return g_ascii_strtod (buf, NULL);
    }
  significand = (significand + scale / 2) / scale;
  result = sw_dtoa_decimal_to_double (significand, exponent10 + n - precision);
  return value < 0 ? -result : result;
}

/**
 * sw_dtoa_format_fixed:
 * @out: (out caller-allocates): %SW_DTOA_FIXED_SIZE bytes
 * @value: a finite double below 1e21 in magnitude
 * @decimals: from 0 to 100
 *
 * Writes @value with @decimals digits after the point, as `%.*f` does: the exact value
 * rounded (the even digit on an exact tie, where JavaScript's toFixed takes the larger).
 *
 * Returns: the length written
 */
gsize
sw_dtoa_format_fixed (char   *out,
                      double  value,
                      int     decimals)
{
  g_return_val_if_fail (out != NULL, 0);
  g_return_val_if_fail (decimals >= 0 && decimals <= 100, 0);
  g_return_val_if_fail (fabs (value) < 1e21, 0);

  if (value != 0)
    {
      char digits[SW_DTOA_DIGITS_SIZE];
      int exponent;
      int n = sw_dtoa_shortest (value, digits, &exponent);

      /* The shortest digits, when they have at most @decimals decimals, are the exact value
       * rounded: its distance to them, below a unit in the last binary place, stays under
       * half of 10^-decimals while decimals + exponent <= 14 (2^-52 · 10 < 10^-14). */
      if (n - 1 - exponent <= decimals && decimals + exponent <= 14)
        {
          char *p = out;

          if (value < 0)
            *p++ = '-';
          if (exponent < 0)
            {
              *p++ = '0';
              *p++ = '.';
              for (int i = -1; i > exponent; i--)
                *p++ = '0';
              memcpy (p, digits, (gsize) n);
              p += n;
              for (int i = n - exponent - 1; i < decimals; i++)
                *p++ = '0';
            }
          else
            {
              for (int i = 0; i <= exponent; i++)
                *p++ = i < n ? digits[i] : '0';
              if (decimals > 0)
                *p++ = '.';
              for (int i = exponent + 1; i < exponent + 1 + decimals; i++)
                *p++ = i < n ? digits[i] : '0';
            }
          *p = '\0';
          return (gsize) (p - out);
        }
    }
  return (gsize) g_snprintf (out, SW_DTOA_FIXED_SIZE, "%.*f", decimals, value);
}
