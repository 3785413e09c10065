/**
 * The offline preview's renderer. {@link dev.imaginestudio.provider.local.render.PreviewRenderer} is the only
 * public type; behind it, by responsibility: the scenes that draw a frame ({@code Scene}, {@code TextScene} with its
 * {@code Palette}, {@code ImageScene} and {@code ReferenceScene} over {@code KenBurns} shots of {@code ImageFiles}),
 * the "PREVIEW" mark in its own dot font ({@code Badge}), the parallel draw-and-encode ({@code Pipeline},
 * {@code FrameEncoder}, {@code Yuv}) and the MP4 container ({@code Mp4Writer}).
 */
package dev.imaginestudio.provider.local.render;
