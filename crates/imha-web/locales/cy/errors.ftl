# Translation status: machine-drafted, awaiting review by a Welsh speaker
# Tudalennau gwall (src/error.rs).

error-not-found-heading = Heb ddod o hyd i'r dudalen
error-not-found-p1 = Os gwnaethoch deipio'r cyfeiriad gwe, gwiriwch ei fod yn gywir.
error-not-found-p2 = Os gwnaethoch ludo'r cyfeiriad gwe, gwiriwch eich bod wedi copïo'r cyfeiriad cyfan.
error-server-heading = Mae'n ddrwg gennym, mae problem gyda'r gwasanaeth
error-server-p1 = Rhowch gynnig arall arni yn nes ymlaen.
error-server-p2 = Nid oes dim yr oeddech eisoes wedi'i gadw wedi'i golli.
error-unavailable-heading = Mae'n ddrwg gennym, nid yw'r gwasanaeth ar gael
error-unavailable-p1 = Rhowch gynnig arall arni ymhen ychydig funudau.
error-unavailable-p2 = Nid oes dim yr oeddech eisoes wedi'i gadw wedi'i golli.
error-too-many-heading = Rydych wedi anfon gormod o ffurflenni mewn amser byr
error-too-many-p1 = Arhoswch funud, yna ewch yn ôl a rhowch gynnig arall arni.
error-too-many-p2 = Nid oes dim yr oeddech eisoes wedi'i gadw wedi'i golli.
error-home-link = Mynd i'r hafan
