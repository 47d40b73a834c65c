//! Simple line drawings (the Easy Read pictures): shapes in a 100 x 100 box, stroked in the
//! text colour with round caps and joins. The web pages write the same shapes as inline SVG,
//! so a picture looks the same on screen and on paper.

use krilla::geom::{Path, PathBuilder};

/// One segment of a path, in absolute coordinates (SVG's M, L, Q, C and Z).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Seg {
    M(f32, f32),
    L(f32, f32),
    Q(f32, f32, f32, f32),
    C(f32, f32, f32, f32, f32, f32),
    Z,
}

/// A shape of a drawing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    Circle {
        cx: f32,
        cy: f32,
        r: f32,
    },
    /// A rectangle, its corners rounded with radius `rx` (0 for square corners).
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        rx: f32,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
    },
    Path(&'static [Seg]),
    /// Shapes turned by `degrees` (clockwise, as SVG's `rotate`) about (`cx`, `cy`).
    Rotated {
        degrees: f32,
        cx: f32,
        cy: f32,
        shapes: &'static [Shape],
    },
}

/// The side of the square a drawing is drawn in.
pub const VIEW_BOX: f32 = 100.0;

/// The stroke width, in the drawing's units.
pub const STROKE_WIDTH: f32 = 4.0;

/// A quarter circle as a cubic Bézier: the control points sit this fraction of the radius
/// along the tangents.
const KAPPA: f32 = 0.552_284_8;

/// An affine map (SVG's matrix(a b c d e f)): x' = a x + c y + e, y' = b x + d y + f.
#[derive(Clone, Copy, Debug)]
struct Affine([f32; 6]);

impl Affine {
    fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// This map after first applying `inner`.
    fn then_inner(&self, inner: Affine) -> Affine {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = inner.0;
        Affine([
            a * a2 + c * b2,
            b * a2 + d * b2,
            a * c2 + c * d2,
            b * c2 + d * d2,
            a * e2 + c * f2 + e,
            b * e2 + d * f2 + f,
        ])
    }

    fn rotation_about(degrees: f32, cx: f32, cy: f32) -> Affine {
        let (sin, cos) = degrees.to_radians().sin_cos();
        Affine([
            cos,
            sin,
            -sin,
            cos,
            cx - cos * cx + sin * cy,
            cy - sin * cx - cos * cy,
        ])
    }
}

/// The outlines that draw `shapes` at `scale` (drawing units to points) with the drawing's
/// top-left corner at (`x`, `y`), one list of absolute segments per shape.
pub(crate) fn outlines(shapes: &[Shape], x: f32, y: f32, scale: f32) -> Vec<Vec<Seg>> {
    let mut out = Vec::new();
    push(shapes, Affine([scale, 0.0, 0.0, scale, x, y]), &mut out);
    out
}

/// The same outlines as krilla paths, ready to stroke.
pub(crate) fn paths(shapes: &[Shape], x: f32, y: f32, scale: f32) -> Vec<Path> {
    outlines(shapes, x, y, scale)
        .into_iter()
        .filter_map(|segs| {
            let mut pb = PathBuilder::new();
            for seg in segs {
                match seg {
                    Seg::M(x, y) => pb.move_to(x, y),
                    Seg::L(x, y) => pb.line_to(x, y),
                    Seg::Q(x1, y1, x, y) => pb.quad_to(x1, y1, x, y),
                    Seg::C(x1, y1, x2, y2, x, y) => pb.cubic_to(x1, y1, x2, y2, x, y),
                    Seg::Z => pb.close(),
                }
            }
            pb.finish()
        })
        .collect()
}

fn push(shapes: &[Shape], t: Affine, out: &mut Vec<Vec<Seg>>) {
    for s in shapes {
        if let Shape::Rotated {
            degrees,
            cx,
            cy,
            shapes,
        } = s
        {
            push(
                shapes,
                t.then_inner(Affine::rotation_about(*degrees, *cx, *cy)),
                out,
            );
            continue;
        }
        let segs: Vec<Seg> = untransformed(s)
            .into_iter()
            .map(|seg| match seg {
                Seg::M(x, y) => {
                    let (x, y) = t.apply(x, y);
                    Seg::M(x, y)
                }
                Seg::L(x, y) => {
                    let (x, y) = t.apply(x, y);
                    Seg::L(x, y)
                }
                Seg::Q(x1, y1, x, y) => {
                    let ((x1, y1), (x, y)) = (t.apply(x1, y1), t.apply(x, y));
                    Seg::Q(x1, y1, x, y)
                }
                Seg::C(x1, y1, x2, y2, x, y) => {
                    let ((x1, y1), (x2, y2), (x, y)) =
                        (t.apply(x1, y1), t.apply(x2, y2), t.apply(x, y));
                    Seg::C(x1, y1, x2, y2, x, y)
                }
                Seg::Z => Seg::Z,
            })
            .collect();
        if !segs.is_empty() {
            out.push(segs);
        }
    }
}

/// One shape's outline in drawing units.
fn untransformed(s: &Shape) -> Vec<Seg> {
    match *s {
        Shape::Circle { cx, cy, r } => {
            let k = r * KAPPA;
            vec![
                Seg::M(cx + r, cy),
                Seg::C(cx + r, cy + k, cx + k, cy + r, cx, cy + r),
                Seg::C(cx - k, cy + r, cx - r, cy + k, cx - r, cy),
                Seg::C(cx - r, cy - k, cx - k, cy - r, cx, cy - r),
                Seg::C(cx + k, cy - r, cx + r, cy - k, cx + r, cy),
                Seg::Z,
            ]
        }
        Shape::Rect { x, y, w, h, rx } => {
            let r = rx.min(w / 2.0).min(h / 2.0).max(0.0);
            let k = r * KAPPA;
            let mut v = vec![Seg::M(x + r, y), Seg::L(x + w - r, y)];
            if r > 0.0 {
                v.push(Seg::C(x + w - r + k, y, x + w, y + r - k, x + w, y + r));
            }
            v.push(Seg::L(x + w, y + h - r));
            if r > 0.0 {
                v.push(Seg::C(
                    x + w,
                    y + h - r + k,
                    x + w - r + k,
                    y + h,
                    x + w - r,
                    y + h,
                ));
            }
            v.push(Seg::L(x + r, y + h));
            if r > 0.0 {
                v.push(Seg::C(x + r - k, y + h, x, y + h - r + k, x, y + h - r));
            }
            v.push(Seg::L(x, y + r));
            if r > 0.0 {
                v.push(Seg::C(x, y + r - k, x + r - k, y, x + r, y));
            }
            v.push(Seg::Z);
            v
        }
        Shape::Line { x1, y1, x2, y2 } => vec![Seg::M(x1, y1), Seg::L(x2, y2)],
        Shape::Path(segs) => segs.to_vec(),
        Shape::Rotated { .. } => Vec::new(),
    }
}

/// Every point (end and control points) of some outlines: for tests and bounds.
#[cfg(test)]
fn points(o: &[Seg]) -> Vec<(f32, f32)> {
    o.iter()
        .flat_map(|s| match *s {
            Seg::M(x, y) | Seg::L(x, y) => vec![(x, y)],
            Seg::Q(a, b, x, y) => vec![(a, b), (x, y)],
            Seg::C(a, b, c, d, x, y) => vec![(a, b), (c, d), (x, y)],
            Seg::Z => vec![],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(o: &[Seg]) -> (f32, f32, f32, f32) {
        let p = points(o);
        let min_x = p.iter().map(|q| q.0).fold(f32::MAX, f32::min);
        let min_y = p.iter().map(|q| q.1).fold(f32::MAX, f32::min);
        let max_x = p.iter().map(|q| q.0).fold(f32::MIN, f32::max);
        let max_y = p.iter().map(|q| q.1).fold(f32::MIN, f32::max);
        (min_x, min_y, max_x, max_y)
    }

    fn near(a: f32, b: f32) -> bool {
        (a - b).abs() < 0.01
    }

    #[test]
    fn each_shape_becomes_an_outline_placed_and_scaled() {
        const SHAPES: &[Shape] = &[
            Shape::Circle {
                cx: 50.0,
                cy: 50.0,
                r: 10.0,
            },
            Shape::Line {
                x1: 0.0,
                y1: 0.0,
                x2: 100.0,
                y2: 100.0,
            },
            Shape::Rect {
                x: 10.0,
                y: 20.0,
                w: 30.0,
                h: 40.0,
                rx: 0.0,
            },
        ];
        let o = outlines(SHAPES, 20.0, 30.0, 0.5);
        assert_eq!(o.len(), 3);
        // A circle of radius 10 at (50, 50), halved and moved by (20, 30).
        let (x0, y0, x1, y1) = bounds(&o[0]);
        assert!(near(x0, 40.0) && near(y0, 50.0) && near(x1, 50.0) && near(y1, 60.0));
        assert_eq!(o[1], vec![Seg::M(20.0, 30.0), Seg::L(70.0, 80.0)]);
        let (x0, y0, x1, y1) = bounds(&o[2]);
        assert!(near(x0, 25.0) && near(y0, 40.0) && near(x1, 40.0) && near(y1, 60.0));
        assert_eq!(paths(SHAPES, 20.0, 30.0, 0.5).len(), 3);
    }

    #[test]
    fn rotated_shapes_turn_clockwise_about_their_centre() {
        const R: &[Shape] = &[Shape::Rotated {
            degrees: 90.0,
            cx: 50.0,
            cy: 50.0,
            shapes: &[Shape::Line {
                x1: 30.0,
                y1: 50.0,
                x2: 70.0,
                y2: 50.0,
            }],
        }];
        // As in SVG (y down), +90 degrees takes the left end (30, 50) to the top (50, 30).
        let o = outlines(R, 0.0, 0.0, 1.0);
        let p = points(&o[0]);
        assert!(near(p[0].0, 50.0) && near(p[0].1, 30.0), "{p:?}");
        assert!(near(p[1].0, 50.0) && near(p[1].1, 70.0), "{p:?}");
        // And the page placement applies after the turn.
        let moved = outlines(R, 10.0, 0.0, 2.0);
        let q = points(&moved[0]);
        assert!(near(q[0].0, 110.0) && near(q[0].1, 60.0), "{q:?}");
    }

    #[test]
    fn rounded_corners_stay_inside_the_rectangle() {
        const R: &[Shape] = &[Shape::Rect {
            x: 0.0,
            y: 0.0,
            w: 50.0,
            h: 22.0,
            rx: 11.0,
        }];
        let (x0, y0, x1, y1) = bounds(&outlines(R, 0.0, 0.0, 1.0)[0]);
        assert!(near(x0, 0.0) && near(y0, 0.0) && near(x1, 50.0) && near(y1, 22.0));
    }
}
