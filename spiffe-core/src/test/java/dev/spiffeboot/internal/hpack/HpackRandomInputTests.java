package dev.spiffeboot.internal.hpack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.FutureTask;

import org.junit.jupiter.api.Test;

import static dev.spiffeboot.internal.hpack.HpackTesting.concat;
import static dev.spiffeboot.internal.hpack.HpackTesting.field;
import static dev.spiffeboot.internal.hpack.HpackTesting.fields;
import static dev.spiffeboot.internal.hpack.HpackTesting.hex;
import static dev.spiffeboot.internal.hpack.HpackTesting.huffman;
import static org.assertj.core.api.Assertions.assertThat;

/** Random and mutated blocks, from a fixed seed: whatever the input, the decoder throws nothing but HpackException. */
class HpackRandomInputTests {

    private static final int BLOCKS = 200_000;

    private static final int[] TABLE_SIZES = {0, 64, 256, 4096};

    @Test
    void onlyHpackExceptionIsEverThrown() throws Exception {
        // on a thread of its own: most blocks are refused, and filling in the stack traces of so many exceptions
        // under JUnit's deep stack would take longer than the decoding; the HTTP/2 client's stack is shallow too
        FutureTask<int[]> task = new FutureTask<>(HpackRandomInputTests::decodeRandomBlocks);
        long started = System.nanoTime();
        Thread thread = new Thread(task, "hpack-random-input");
        thread.start();
        int[] acceptedAndRefused = task.get();
        assertThat(acceptedAndRefused[0]).as("accepted").isGreaterThan(BLOCKS / 20);
        assertThat(acceptedAndRefused[1]).as("refused").isGreaterThan(BLOCKS / 20);
        // about one second when measured; the bound is loose because the machine can be shared
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    private static int[] decodeRandomBlocks() {
        List<byte[]> seeds = seeds();
        Random random = new Random(20_250_607);
        HpackDecoder decoder = newDecoder(random);
        int accepted = 0;
        int refused = 0;
        for (int n = 0; n < BLOCKS; n++) {
            byte[] block = n % 5 == 0 ? randomBytes(random) : mutate(random, seeds);
            try {
                decoder.decode(block, 0, block.length, (name, value) -> {
                    if (name == null || value == null) {
                        throw new AssertionError("null name or value");
                    }
                });
                accepted++;
                assertTableConsistent(decoder);
            }
            catch (HpackException ex) {
                refused++;
                // the connection would be closed: start another
                decoder = newDecoder(random);
            }
            catch (RuntimeException | AssertionError ex) {
                throw new AssertionError("block " + HexFormat.of().formatHex(block) + " threw " + ex, ex);
            }
        }
        return new int[] {accepted, refused};
    }

    private static HpackDecoder newDecoder(Random random) {
        return new HpackDecoder(TABLE_SIZES[random.nextInt(TABLE_SIZES.length)], 64 + random.nextInt(4096));
    }

    private static void assertTableConsistent(HpackDecoder decoder) {
        DynamicTable table = decoder.dynamicTable();
        long size = 0;
        for (int i = 0; i < table.length(); i++) {
            size += DynamicTable.entrySize(table.name(i), table.value(i));
        }
        if (size != table.size() || size > table.capacity()) {
            throw new AssertionError("table size " + table.size() + ", entries " + size + ", capacity "
                    + table.capacity());
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] block = new byte[random.nextInt(48)];
        random.nextBytes(block);
        return block;
    }

    private static byte[] mutate(Random random, List<byte[]> seeds) {
        byte[] block = seeds.get(random.nextInt(seeds.size())).clone();
        for (int mutations = 1 + random.nextInt(3); mutations > 0; mutations--) {
            int at = block.length == 0 ? 0 : random.nextInt(block.length);
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (block.length > 0) {
                        block[at] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> {
                    if (block.length > 0) {
                        block[at] = (byte) random.nextInt(256);
                    }
                }
                case 2 -> block = Arrays.copyOf(block, at);
                case 3 -> {
                    byte[] other = seeds.get(random.nextInt(seeds.size()));
                    block = concat(Arrays.copyOf(block, at), Arrays.copyOfRange(other, random.nextInt(
                            other.length + 1), other.length));
                }
                case 4 -> {
                    byte[] inserted = new byte[1 + random.nextInt(6)];
                    random.nextBytes(inserted);
                    block = concat(Arrays.copyOf(block, at), inserted, Arrays.copyOfRange(block, at, block.length));
                }
                default -> {
                    if (block.length > 0) {
                        block = concat(Arrays.copyOfRange(block, 0, at + 1), Arrays.copyOfRange(block, at, block.length));
                    }
                }
            }
        }
        return block;
    }

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (String block : new String[] {
            "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572",
            "040c 2f73 616d 706c 652f 7061 7468",
            "1008 7061 7373 776f 7264 0673 6563 7265 74",
            "82",
            "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
            "8286 84be 5808 6e6f 2d63 6163 6865",
            "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65",
            "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
            "8286 84be 5886 a8eb 1064 9cbf",
            "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
            "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad"
                    + "1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
            "4883 640e ffc1 c0bf",
            "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2"
                    + "e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50"
                    + "07",
            "20 3f e1 1f 82",
            "3f 21 be bf c0",
        }) {
            seeds.add(hex(block));
        }
        byte[] name = huffman("grpc-status");
        byte[] value = huffman("\u0000\u00ff\u0080~");
        seeds.add(concat(0x40, 0x80 | name.length, name, 0x80 | value.length, value, 0xbe, 0xbe));
        seeds.add(HpackEncoder.encode(fields(field(":status", "200"), field("content-type", "application/grpc"),
                field("grpc-message", "x".repeat(200)))));
        return seeds;
    }
}
