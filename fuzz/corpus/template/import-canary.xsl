<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl">
<xsl:import href="file://@CANARY@"/>
<xsl:template match="/"><html><body><xsl:apply-imports/></body></html></xsl:template>
</xsl:stylesheet>
