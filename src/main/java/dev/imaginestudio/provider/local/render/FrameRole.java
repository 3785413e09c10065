package dev.imaginestudio.provider.local.render;

import static dev.imaginestudio.provider.local.render.FrameEncoder.GOP;

/** A frame's part in its GOP: a keyframe, where decoding and seeking can start, or one predicted from those before it. */
enum FrameRole {
    KEY,
    INTER;

    static FrameRole of(int frame) {
        return frame % GOP == 0 ? KEY : INTER;
    }
}
